package dev.aimon.devkit.test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/** Checks every aimon service makes in its Quarkus tests: the endpoints that operators and tools rely on. */
public final class ServiceEndpoints {

    private ServiceEndpoints() {}

    /** Health says UP, Prometheus metrics are served, and the OpenAPI document describes at least one path. */
    public static void assertHealthMetricsAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", aMapWithSize(greaterThan(0)));
    }
}
