/**
 * Reusable webhook verifiers (WebhookVerifier in contract.ts). Every comparison is constant-time;
 * no verifier parses the body before its check passes, except where the scheme itself carries the
 * proof or the timestamp in the body (Figma's passcode; Linear's timestamp, read after the HMAC).
 */
export { sha256Hex, timestampProblem, type TimestampUnit } from "./verify/digests.js";
export { hmacSignature, type HmacSignatureOptions, type SecretSource, type TimestampCheck } from "./verify/hmac.js";
export { standardWebhooks, type StandardWebhooksOptions } from "./verify/standard-webhooks.js";
export { rs256Jwt, toPublicKeyPem, type Rs256JwtOptions } from "./verify/jwt.js";
export { bodyPasscode, sharedToken, type SharedTokenOptions } from "./verify/shared-token.js";
export { DEFAULT_HOOK_SECRET_KEY, hookSecretHandshake, type HookSecretHandshakeOptions } from "./verify/handshake.js";
export { asanaSignature, gongJwt, hubspotSignedUri, hubspotV3Signature, linearSignature, slackSignature, vercelSignature } from "./verify/presets.js";
