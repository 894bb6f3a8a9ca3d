package dev.weft.fallback;

/**
 * The type of the last parameter of a woven method's <em>twin</em>: the weaver gives each woven
 * method of a class a private copy of its code as written (same name, this parameter added),
 * which the class's own code calls where no continuation runs, so that a recursion or a chain of
 * helpers on a plain thread runs at the speed of unwoven code. The argument is always
 * {@code null}: the parameter only keeps the twin's descriptor apart from its method's. Public
 * only because woven code in any package names it: not an API.
 */
public final class Twin {
    private Twin() {
    }
}
