/** The hub's open-API client for mall servers: see README "Open API client". */
export { MallClient, OpenApiError, type MallClientOptions, type ListProductsQuery } from './client';
export { signRequest, computeSignature, stringToSign, sha256Hex, newNonce, type Credentials } from './signing';
export { verifyWebhook } from './webhooks';
export type * from './types';
