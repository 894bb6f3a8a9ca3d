package dev.weft.fallback;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The weaver's mark on every class it rewrote. A marked class is never woven again; the runtime
 * reads the mark (on its error path only) to tell a woven frame from an unwoven one.
 * Not meant for source code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Woven {
    /** Version of the weaving scheme, so a future weaver can refuse classes woven differently. */
    int value();

    /** Names of the methods that were woven (the others of the class were left as they were). */
    String[] methods() default {};

    /** Methods ({@code name + descriptor}) left unwoven because woven they would exceed 64 KiB of code. */
    String[] tooLarge() default {};
}
