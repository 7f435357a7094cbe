import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServerPlan } from "../../services/fleet/plan.js";
import type { RegistryCredentials } from "../registry-credentials.js";
import { imageRegistry, imageSpec, type ImageBuildOptions } from "../specs/image.js";

export interface ServerImageArgs {
  readonly server: ServerPlan;
  readonly build: ImageBuildOptions;
  /** where the push lands; Deployments use the digest, never this tag */
  readonly tag: string;
  /** the stack's registry credentials: the push logs in with them (no local `docker login` needed) */
  readonly registry?: RegistryCredentials;
}

/**
 * The server's image, built from images/Dockerfile and pushed to the stack's registry: with the
 * stack's registry credentials when it has them, else with the pushing machine's `docker login`.
 */
export class ServerImage extends pulumi.ComponentResource {
  /** repository@sha256:<digest> of the pushed image: what Deployments run */
  readonly repoDigest: pulumi.Output<string>;

  constructor(name: string, args: ServerImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sophia:fleet:ServerImage", name, {}, opts);
    const spec = imageSpec(args.server, args.build, args.tag);
    const image = new docker.Image(name, args.registry ? { ...spec, registry: imageRegistry(args.registry) } : spec, { parent: this });
    this.repoDigest = image.repoDigest;
    this.registerOutputs({ repoDigest: this.repoDigest });
  }
}
