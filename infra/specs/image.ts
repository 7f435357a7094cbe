import type * as docker from "@pulumi/docker";
import type { ServerPlan } from "../../services/fleet/plan.js";

export interface ImageBuildOptions {
  /** build context, relative to the directory `pulumi` runs in (the repository root) */
  readonly context: string;
  readonly dockerfile: string;
  readonly platform: string;
}

/** Pulumi runs the program from the project root, where Pulumi.yaml is: the repository root. */
export const DEFAULT_IMAGE_BUILD: ImageBuildOptions = {
  context: ".",
  dockerfile: "images/Dockerfile",
  platform: "linux/amd64",
};

/**
 * One image per server. The tag is only where the push lands (one per stack, so two stacks
 * sharing a registry do not overwrite each other's tag); Deployments never use it, they use the
 * pushed digest (`repoDigest`).
 */
export function imageSpec(server: ServerPlan, build: ImageBuildOptions, tag: string): docker.ImageArgs {
  return {
    imageName: `${server.image.repository}:${tag}`,
    build: {
      context: build.context,
      dockerfile: build.dockerfile,
      target: server.image.buildTarget,
      platform: build.platform,
      args: { SERVER: server.image.serverArg },
    },
    skipPush: false,
  };
}
