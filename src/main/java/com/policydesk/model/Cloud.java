package com.policydesk.model;

/** The Microsoft cloud a customer lives in; it selects the column of the Azure services table. */
public enum Cloud {
    GLOBAL, GERMANY
}
