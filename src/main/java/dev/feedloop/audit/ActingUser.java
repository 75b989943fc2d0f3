package dev.feedloop.audit;

/**
 * What the audit log reads of the signed-in principal when an entry names no actor: the accounts
 * module's principal implements it, so this module needs no other.
 */
public interface ActingUser {

    long id();

    String getUsername();
}
