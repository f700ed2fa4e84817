#!/usr/bin/env python3
"""Writes the benchmark request bodies into bench/requests/ (deterministic; re-run after changing them here).

standard.json     the standard request: an indirect reseller, a customer with 5 mixed subscriptions
large-estate.json the same customer with 50 subscriptions (the 5 kinds of the standard one, 10 times, varied)
batch-10.json     { "requests": [ standard × 10 ] } for POST /api/v1/recommendations/batch
"""
import json
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "requests")
AS_OF = "2026-11-23"


def five(prefix, n):
    """The five subscriptions of the standard request; n varies dates, sellers and services in the large estate."""
    return [
        {"id": f"{prefix}1", "offer": "Office 365 E3", "billing": "LICENSE", "channel": "THIRD_PARTY",
         "sellerId": "X-7", "status": "ACTIVE", "endDate": f"2027-0{1 + n % 9}-15"},
        {"id": f"{prefix}2", "offer": "Azure plan", "billing": "USAGE", "channel": "EA", "status": "ACTIVE",
         "services": ["Virtual Machines", "Azure Cosmos DB",
                      "Cloud Services (classic)" if n % 2 == 0 else "Quantum Toaster"]},
        {"id": f"{prefix}3", "offer": "Dynamics 365 Sales", "billing": "LICENSE", "channel": "ADVISOR",
         "sellerId": "P-200" if n % 2 == 0 else "P-900", "status": "ACTIVE", "endDate": "2027-06-30"},
        {"id": f"{prefix}4", "offer": "Azure plan", "billing": "USAGE", "channel": "CSP", "sellerId": f"P-3{n:02d}",
         "status": "ACTIVE", "services": ["App Service", "Storage"]},
        {"id": f"{prefix}5", "offer": "Office 365 E1", "billing": "LICENSE", "channel": "OPEN", "status": "EXPIRED",
         "endDate": "2026-03-31"},
    ]


def request(subscriptions):
    return {
        "asOf": AS_OF,
        "partner": {"id": "P-200", "role": "INDIRECT_RESELLER", "directPartnerId": "P-100"},
        "customer": {"id": "C-1", "cloud": "GLOBAL", "delegatedAdminPartnerIds": ["P-100"],
                     "subscriptions": subscriptions},
        "intent": {"action": "TAKE_OVER"},
    }


def write(name, body):
    with open(os.path.join(HERE, name), "w") as out:
        json.dump(body, out, indent=2)
        out.write("\n")


standard = request(five("S-", 0))
large = request([s for n in range(10) for s in five(f"S-{n:02d}-", n)])
assert len(large["customer"]["subscriptions"]) == 50
os.makedirs(HERE, exist_ok=True)
write("standard.json", standard)
write("large-estate.json", large)
write("batch-10.json", {"requests": [standard] * 10})
