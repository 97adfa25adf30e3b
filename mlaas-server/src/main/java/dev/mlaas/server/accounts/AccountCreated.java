package dev.mlaas.server.accounts;

/** Published inside the transaction that creates an account, so that other features can set it up in it. */
public record AccountCreated(long accountId) {

}
