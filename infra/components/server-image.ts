import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { ServerPlan } from "../../services/fleet/plan.js";
import { imageSpec, type ImageBuildOptions } from "../specs/image.js";

export interface ServerImageArgs {
  readonly server: ServerPlan;
  readonly build: ImageBuildOptions;
  /** where the push lands; Deployments use the digest, never this tag */
  readonly tag: string;
}

/** The server's image, built from images/Dockerfile and pushed to the stack's registry. */
export class ServerImage extends pulumi.ComponentResource {
  /** repository@sha256:<digest> of the pushed image: what Deployments run */
  readonly repoDigest: pulumi.Output<string>;

  constructor(name: string, args: ServerImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sophia:fleet:ServerImage", name, {}, opts);
    const image = new docker.Image(name, imageSpec(args.server, args.build, args.tag), { parent: this });
    this.repoDigest = image.repoDigest;
    this.registerOutputs({ repoDigest: this.repoDigest });
  }
}
