package com.policydesk.model;

import java.util.Objects;

/**
 * The partner asking for a decision.
 *
 * @param id              the partner's id
 * @param role            direct partner or indirect reseller
 * @param directPartnerId the direct partner of an indirect reseller; null for a direct partner
 */
public record Partner(String id, PartnerRole role, String directPartnerId) {
    public Partner {
        Facts.requireText(id, "partner.id");
        Objects.requireNonNull(role, "partner.role");
        if (role == PartnerRole.INDIRECT_RESELLER) {
            Facts.requireText(directPartnerId, "partner.directPartnerId");
        }
    }
}
