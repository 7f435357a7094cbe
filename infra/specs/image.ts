import path from "node:path";
import type * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { BUNDLE_ROOT } from "../../images/bundle.js";
import type { ServerPlan } from "../../services/fleet/plan.js";
import type { RegistryCredentials } from "../registry-credentials.js";

export interface ImageBuildOptions {
  /**
   * where the server bundles are (images/bundle.ts), relative to the directory `pulumi` runs in
   * (the repository root): each image's build context is `<bundleRoot>/<server>`, nothing more
   */
  readonly bundleRoot: string;
  readonly dockerfile: string;
  readonly platform: string;
}

/** Pulumi runs the program from the project root, where Pulumi.yaml is: the repository root. */
export const DEFAULT_IMAGE_BUILD: ImageBuildOptions = {
  bundleRoot: BUNDLE_ROOT,
  dockerfile: "images/Dockerfile",
  platform: "linux/amd64",
};

/** The build context of a server's image: its bundle directory alone. */
export function imageContext(server: ServerPlan, build: ImageBuildOptions): string {
  return path.posix.join(build.bundleRoot, server.image.bundle);
}

/**
 * One image per server. Its build input is its bundle (code, package.json, lock file) and the
 * shared Dockerfile: no settings, no other server's code, so only a change to what this server
 * runs gives it a new digest. The tag is only where the push lands (one per stack, so two stacks
 * sharing a registry do not overwrite each other's tag); Deployments never use it, they use the
 * pushed digest (`repoDigest`).
 */
export function imageSpec(server: ServerPlan, build: ImageBuildOptions, tag: string): docker.ImageArgs {
  return {
    imageName: `${server.image.repository}:${tag}`,
    build: {
      context: imageContext(server, build),
      dockerfile: build.dockerfile,
      target: server.image.buildTarget,
      platform: build.platform,
    },
    skipPush: false,
  };
}

/**
 * What docker.Image logs in with before it pushes (@pulumi/docker v4/v5 `ImageArgs.registry`:
 * `{ server, username, password }`), so `pulumi up` pushes without a `docker login` on the machine
 * it runs on: the same stack credentials the pull Secret is made from. Username and password stay
 * secret Outputs (encrypted in state); the provider does not rebuild an image when they change.
 * Not part of imageSpec: credentials are how the push authenticates, not what an image is built from.
 */
export function imageRegistry(credentials: RegistryCredentials): docker.types.input.Registry {
  return {
    server: credentials.server,
    username: pulumi.secret(credentials.username),
    password: pulumi.secret(credentials.password),
  };
}
