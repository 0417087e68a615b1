/**
 * The aimon event contract: the records that travel on the aimon topics, and their Kafka (de)serializers.
 *
 * <p>Rules: change additively only (new fields optional), consumers ignore unknown fields, and the golden v1
 * payloads in this module's tests keep deserialising forever. The JSON Schemas under {@code schemas/v1} describe
 * the same records for producers in other languages.
 */
package dev.aimon.events;
