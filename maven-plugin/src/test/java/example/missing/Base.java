package example.missing;

/** Fixture: never given to the weaver, so a type merge that needs it fails. */
public class Base {
}
