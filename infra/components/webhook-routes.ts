import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "../../services/fleet/plan.js";
import { httpRouteSpec, ingressSpec, type WebhookServer } from "../specs/routes.js";

export interface WebhookRoutesArgs {
  readonly servers: readonly WebhookServer[];
  readonly settings: StackSettings;
  readonly namespace: pulumi.Input<string>;
  /** Service name per server resourceName (taken from the Service, so routes follow it) */
  readonly serviceNames: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * The public webhook entry: one route per integration with a `webhook_path`, as a Gateway API
 * HTTPRoute or a networking/v1 Ingress (stack setting `webhookRouting`).
 */
export class WebhookRoutes extends pulumi.ComponentResource {
  /** public webhook URL per platform */
  readonly urls: Record<string, string>;

  constructor(name: string, args: WebhookRoutesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sophia:fleet:WebhookRoutes", name, {}, opts);
    this.urls = {};
    for (const route of args.servers) {
      const { resourceName, platform } = route.server;
      const serviceName = args.serviceNames[resourceName];
      if (serviceName === undefined) throw new Error(`no Service declared for ${resourceName}`);
      if (args.settings.webhookRouting === "gateway") {
        new k8s.apiextensions.CustomResource(resourceName, httpRouteSpec(route, args.settings, args.namespace, serviceName), { parent: this });
      } else {
        new k8s.networking.v1.Ingress(resourceName, ingressSpec(route, args.settings, args.namespace, serviceName), { parent: this });
      }
      this.urls[platform] = route.webhook.publicUrl;
    }
    this.registerOutputs({ urls: this.urls });
  }
}
