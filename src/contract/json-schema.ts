/**
 * The sync contract as JSON Schema (draft 2020-12, as OpenAPI 3.1 uses), emitted from the same
 * zod schemas the kiosk and the branch service validate with, so the published document cannot
 * drift from the code. Cross-field rules (an item's kiosk is the batch's kiosk, business type
 * ids and prefixes used once) are not expressible in JSON Schema; they are stated in each
 * schema's description.
 */
import { z } from 'zod';
import { BusinessTypeSchema, LocalizedTextSchema } from '../domain/business-type.js';
import {
  BatchRejectionSchema,
  BatchRequestSchema,
  BatchResponseSchema,
  BranchConfigSchema,
  ErrorResponseSchema,
  HealthResponseSchema,
  OutboxItemSchema,
  TicketIssuedPayloadSchema,
} from './sync.js';

/** The contract's named schemas, as OpenAPI `components.schemas` would list them. */
export const SYNC_CONTRACT_SCHEMAS = {
  BatchRequest: BatchRequestSchema,
  OutboxItem: OutboxItemSchema,
  TicketIssuedPayload: TicketIssuedPayloadSchema,
  BatchResponse: BatchResponseSchema,
  BatchRejection: BatchRejectionSchema,
  BranchConfig: BranchConfigSchema,
  BusinessType: BusinessTypeSchema,
  LocalizedText: LocalizedTextSchema,
  HealthResponse: HealthResponseSchema,
  ErrorResponse: ErrorResponseSchema,
} as const;

export type SyncContractSchemaName = keyof typeof SYNC_CONTRACT_SCHEMAS;
export type JsonSchema = Record<string, unknown>;

/**
 * Every schema of the contract by name; references between them point at
 * `${refBase}<name>` (default `#/components/schemas/`, where an OpenAPI document keeps them).
 * Each describes what a receiver accepts (`io: 'input'`).
 */
export function syncContractJsonSchemas(
  refBase = '#/components/schemas/',
): Record<SyncContractSchemaName, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SYNC_CONTRACT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `${refBase}${id}`,
  }) as { schemas: Record<string, JsonSchema> };
  return schemas as Record<SyncContractSchemaName, JsonSchema>;
}
