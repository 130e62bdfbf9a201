/** Custom claims keep the iAdvize prefix so existing token providers work unchanged. */
export const CLAIM_PREFIX = 'https://iadvize.com/';

export const CLAIMS = {
  userId: `${CLAIM_PREFIX}userId`,
  visitorData: `${CLAIM_PREFIX}visitorData`,
  vuid: `${CLAIM_PREFIX}vuid`,
  visitorProfileId: `${CLAIM_PREFIX}visitorProfileId`,
  websiteId: `${CLAIM_PREFIX}websiteId`,
  authenticated: `${CLAIM_PREFIX}authenticated`,
} as const;

/** The visitorData fields Parley keeps; any other field is dropped. */
export const VISITOR_DATA_FIELDS = ['firstName', 'lastName', 'address', 'zipCode', 'city', 'country', 'phoneNumber', 'email'] as const;

export type VisitorDataField = (typeof VISITOR_DATA_FIELDS)[number];
export type VisitorData = Partial<Record<VisitorDataField, string>>;
