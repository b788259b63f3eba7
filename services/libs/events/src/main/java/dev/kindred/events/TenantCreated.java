package dev.kindred.events;

/** A tenant was onboarded, with its Keycloak organization. */
public record TenantCreated(String tenantId, String slug, String name, String organizationId)
    implements KindredEvent {}
