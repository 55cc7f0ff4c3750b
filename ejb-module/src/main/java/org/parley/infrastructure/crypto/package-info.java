/**
 * Secrets, hashing and encryption at rest: node ids as keyed hashes of account names, password hashes, AES-GCM
 * sealing of stored values under rotating keys, login tokens as the cluster keeps them (a keyed hash and a sealed
 * value), and the node-local secret file used when the operator configured
 * no key. No secret is ever a constant in code.
 */
package org.parley.infrastructure.crypto;
