package dev.weft.fallback.samples.twins;

/** A subclass that overrides nothing: Walk's twins see a receiver of another class and must not loop. */
public class Same extends Walk {
}
