package com.policydesk.engine;

import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.Partner;
import com.policydesk.model.Subscription;
import org.drools.base.factmodel.GeneratedFact;

import java.util.Collection;
import java.util.Map;

/**
 * A fact's type as the contract names it, for traces: a fact of the request by its contract name, a fact the rules
 * declare ({@code declare Score … end}) by its declared name, a value a rule collected ({@code List( … ) from
 * accumulate(…)}) as {@code List} or {@code Map}, as rules write them; anything else as {@code Value}. Never the
 * name of a Java class that happens to carry it (an implementation's, such as {@code UnmodifiableRandomAccessList},
 * least of all).
 */
public final class FactNames {
    private static final Map<Class<?>, String> CONTRACT_NAMES = Map.of(DecisionRequest.class, "Request",
            Partner.class, "Partner", Customer.class, "Customer", Subscription.class, "Subscription", Intent.class, "Intent");

    private FactNames() {
    }

    public static String of(Object fact) {
        String contractName = CONTRACT_NAMES.get(fact.getClass());
        if (contractName != null) {
            return contractName;
        }
        if (fact instanceof GeneratedFact) {
            return fact.getClass().getSimpleName();
        }
        if (fact instanceof Collection<?>) {
            return "List";
        }
        return fact instanceof Map<?, ?> ? "Map" : "Value";
    }
}
