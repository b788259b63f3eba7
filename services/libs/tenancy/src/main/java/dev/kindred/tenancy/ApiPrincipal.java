package dev.kindred.tenancy;

import java.util.UUID;

/** The tenant and scope an authenticated API key acts for, with the tenant's request quota. */
public record ApiPrincipal(UUID tenantId, String keyId, ApiScope scope, int requestsPerSecond) {}
