/**
 * Placeholder: the fallback backend (bytecode weaving with ASM, for JDK 8+) is not implemented
 * yet. The issue "weft 2" will implement it here; until then this jar contains no backend and
 * registers none, so {@code -Dweft.backend=fallback} reports that the backend is not installed.
 */
package dev.weft.fallback;
