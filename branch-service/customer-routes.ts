/**
 * The endpoints of customers known by their ID card's key (src/contract/customers.ts): the
 * branch's customer-key secret for its kiosks, the VIP lookup, and marking a VIP (demos and
 * tests). Handlers in ./customers.ts.
 */
import {
  CUSTOMER_PATHS,
  CustomerKeySecretSchema,
  CustomerLookupAnswerSchema,
  CustomerLookupRequestSchema,
  VipCustomerRequestSchema,
  VipCustomerSchema,
} from '../src/contract/customers.js';
import { addVipCustomer, customerKeySecret, lookupCustomer } from './customers.js';
import { defineRoute, named, type AnyRoute } from './route.js';

export const CUSTOMER_ROUTES: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    path: CUSTOMER_PATHS.customerKey,
    operationId: 'getCustomerKeySecret',
    summary: "The branch's customer-key secret",
    description:
      'Every kiosk of the branch keys its ID-card HMAC with it, so one card gives one customer ' +
      'key at every kiosk, for appointments and VIP customers. Provisioned kiosks only; never ' +
      'logged. Made at the first request on a new database and never changed.',
    auth: 'kiosk',
    responses: {
      200: {
        description: 'The secret and its fingerprint',
        schema: named('CustomerKeySecret', CustomerKeySecretSchema),
      },
    },
    handler:
      ({ db }) =>
      async () => ({ status: 200, body: await customerKeySecret(db) }),
  }),
  defineRoute({
    method: 'POST',
    path: CUSTOMER_PATHS.lookup,
    operationId: 'lookupCustomer',
    summary: 'Is the holder of this ID card a VIP customer of the branch?',
    description: 'Asked by a kiosk when a card is read, with the customer key only.',
    auth: 'kiosk',
    body: {
      schema: CustomerLookupRequestSchema,
      documented: named('CustomerLookupRequest', CustomerLookupRequestSchema),
    },
    responses: {
      200: {
        description: 'What the branch knows of the customer',
        schema: named('CustomerLookupAnswer', CustomerLookupAnswerSchema),
      },
    },
    handler:
      ({ db }) =>
      async ({ body }) => ({ status: 200, body: await lookupCustomer(db, body.customerKey) }),
  }),
  defineRoute({
    method: 'POST',
    path: CUSTOMER_PATHS.vipCustomers,
    operationId: 'addVipCustomer',
    summary: 'Mark a VIP customer by ID number or customer key (demos and tests)',
    description:
      "A bank's CRM would fill this. An ID number is turned into the customer key at once and " +
      'not kept. Marking one again changes nothing.',
    auth: 'kiosk',
    body: {
      schema: VipCustomerRequestSchema,
      documented: named('VipCustomerRequest', VipCustomerRequestSchema),
    },
    responses: {
      200: { description: 'The VIP customer', schema: named('VipCustomer', VipCustomerSchema) },
    },
    handler:
      ({ db }) =>
      async ({ body }) => ({ status: 200, body: await addVipCustomer(db, body) }),
  }),
];
