/**
 * weft-maven-plugin: build-time weaving for weft's fallback backend. Goals {@code weave}
 * ({@link dev.weft.maven.WeaveMojo}, phase process-classes) and {@code weave-tests}
 * ({@link dev.weft.maven.WeaveTestsMojo}, phase process-test-classes); the work is done by
 * {@link dev.weft.maven.ClassDirectoryWeaver}, which does not depend on Maven.
 */
package dev.weft.maven;
