package dev.weft.fallback.weaver;

import static dev.weft.fallback.testing.WeavingLoader.method;
import static dev.weft.fallback.testing.WeavingLoader.node;
import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.weft.fallback.testing.WeavingLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The intra-class narrowing ({@link IntraClassCalls}): which methods the weaver leaves alone
 * because every call that could lead them to a suspension is an exact call to a method of the
 * same class that cannot suspend. The samples run end to end in {@code WovenBodiesTest}.
 */
class IntraClassCallsTest {
    private static final String S = "dev.weft.fallback.samples.Samples$";
    private final ClassHierarchy hierarchy = new ClassHierarchy(getClass().getClassLoader());

    /** The method names listed in the mark of the woven class, or null if it was left alone. */
    private List<String> wovenMethods(String className) {
        byte[] woven = new ClassWeaver(hierarchy, SuspendablePolicy.DEFAULT).weave(WeavingLoader.bytes(className));
        if (woven == null) {
            return null;
        }
        ClassNode cn = new ClassNode();
        new ClassReader(woven).accept(cn, ClassReader.SKIP_CODE);
        for (AnnotationNode a : cn.visibleAnnotations) {
            if (a.desc.equals(ClassWeaver.MARK)) {
                for (int k = 0; k < a.values.size(); k += 2) {
                    if (a.values.get(k).equals("methods")) {
                        @SuppressWarnings("unchecked")
                        List<String> names = (List<String>) a.values.get(k + 1);
                        return names;
                    }
                }
                return new ArrayList<>();
            }
        }
        throw new AssertionError(className + " was woven but carries no mark");
    }

    /** The points of every method of {@code cn} after narrowing, by method name. */
    private static Map<String, List<String>> narrowed(ClassNode cn) {
        Map<MethodNode, List<MethodInsnNode>> candidates = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            candidates.put(m, SuspensionPoints.find(cn.name, m, SuspendablePolicy.DEFAULT));
        }
        Map<String, List<String>> byName = new HashMap<>();
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : IntraClassCalls.narrow(cn, candidates).entrySet()) {
            List<String> names = new ArrayList<>();
            for (MethodInsnNode call : e.getValue()) {
                names.add(call.name);
            }
            byName.put(e.getKey().name, names);
        }
        return byName;
    }

    @Test
    void exactlyTheMethodsThatMayReachASuspensionAreWoven() {
        // Not woven: fib, digits, isEven, isOdd, square (and the constructor).
        assertEquals(asList("callsNative", "pause", "ping", "pong", "run", "twiceAfterPause"),
                wovenMethods(S + "IntraClass"));
    }

    @Test
    void aSelfRecursiveStaticHelperIsNotWoven() {
        Map<String, List<String>> points = narrowed(node(S + "IntraClass"));
        assertEquals(asList(), points.get("fib"));
        // Before narrowing, both recursive calls were points.
        ClassNode cn = node(S + "IntraClass");
        assertEquals(asList("fib", "fib"), names(SuspensionPoints.find(cn.name, method(cn, "fib"),
                SuspendablePolicy.DEFAULT)));
    }

    @Test
    void aPrivateHelperCallingOnlyLeavesIsNotWoven() {
        assertEquals(asList(), narrowed(node(S + "IntraClass")).get("digits"));
    }

    @Test
    void mutualRecursionBetweenTwoPrivateMethodsIsNotWoven() {
        Map<String, List<String>> points = narrowed(node(S + "IntraClass"));
        assertEquals(asList(), points.get("isEven"));
        assertEquals(asList(), points.get("isOdd"));
    }

    @Test
    void anInstanceMethodOfAFinalClassIsAnExactCall() {
        assertEquals(asList(), narrowed(node(S + "IntraClass")).get("square"));
    }

    @Test
    void aHelperThatReachesASuspensionOnlyThroughExactCallsIsWovenAndItsCallsStayPoints() {
        Map<String, List<String>> points = narrowed(node(S + "IntraClass"));
        assertEquals(asList("suspend"), points.get("pause"));
        assertEquals(asList("pause"), points.get("twiceAfterPause"));
        // A cycle with a way out to a suspension: both ends keep their calls.
        assertEquals(asList("twiceAfterPause", "pong"), points.get("ping"));
        assertEquals(asList("ping"), points.get("pong"));
        // run() keeps its calls to the helpers that may suspend and to log (another class), and
        // loses those to fib, digits, isEven, isOdd and square.
        List<String> run = points.get("run");
        run.removeIf(n -> n.equals("log"));
        assertEquals(asList("twiceAfterPause", "ping", "viaOverridable", "viaFinal", "viaOverridable",
                "viaFinal", "viaInherited"), run);
    }

    @Test
    void aCallToANativeMethodStaysAPoint() {
        assertEquals(asList("outside"), narrowed(node(S + "IntraClass")).get("callsNative"));
    }

    @Test
    void aNonFinalPublicInstanceMethodIsStillSuspendable() {
        // value() may be overridden (and is, by Overrides, with a suspension); fixed() is final.
        assertEquals(asList("viaOverridable"), wovenMethods(S + "Overridable"));
        Map<String, List<String>> points = narrowed(node(S + "Overridable"));
        assertEquals(asList("value"), points.get("viaOverridable"));
        assertEquals(asList(), points.get("viaFinal"));
        assertEquals(asList("value"), wovenMethods(S + "Overrides"));
    }

    @Test
    void anInheritedStaticMethodIsNotKnown() {
        // javac names InheritsStatic as the owner of pauseAndAdd, which StaticBase declares.
        assertEquals(asList("pauseAndAdd"), narrowed(node(S + "InheritsStatic")).get("viaInherited"));
        assertEquals(asList("viaInherited"), wovenMethods(S + "InheritsStatic"));
    }

    @Test
    void exactTargetsFollowTheOpcodeAndTheFlags() {
        ClassNode cn = node(S + "Overridable");
        Map<String, MethodNode> declared = new HashMap<>();
        for (MethodNode m : cn.methods) {
            declared.put(m.name + m.desc, m);
        }
        MethodNode value = method(cn, "value");
        MethodNode fixed = method(cn, "fixed");
        assertNull(IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKEVIRTUAL, cn.name, value)),
                "public, not final, in a class that is not final");
        assertSame(fixed, IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKEVIRTUAL, cn.name, fixed)));
        assertNull(IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKESTATIC, cn.name, fixed)),
                "an instance method called as static is not this method");
        assertNull(IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKESPECIAL, cn.name, value)),
                "invokespecial of a method that is not private");
        assertNull(IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKEVIRTUAL, "other/Owner", fixed)),
                "another class's method");
        fixed.access |= Opcodes.ACC_PRIVATE;
        assertSame(fixed, IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKESPECIAL, cn.name, fixed)));
        assertSame(fixed, IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKEINTERFACE, cn.name, fixed)));
        cn.access |= Opcodes.ACC_FINAL;
        assertSame(value, IntraClassCalls.exactTarget(cn, declared, call(Opcodes.INVOKEVIRTUAL, cn.name, value)),
                "the class is final");
    }

    @Test
    void helpersThatCannotSuspendAreNotWovenBesideAMethodThatSuspends() {
        // Samples.Lazy's busy() and helper() can never suspend; its run() does.
        assertEquals(asList("run"), wovenMethods(S + "Lazy"));
    }

    @Test
    void aClassWhoseCallsAreAllExactCallsThatCannotSuspendIsLeftAlone() {
        assertNull(wovenMethods(S + "PureMath"));
    }

    private static MethodInsnNode call(int opcode, String owner, MethodNode target) {
        return new MethodInsnNode(opcode, owner, target.name, target.desc, opcode == Opcodes.INVOKEINTERFACE);
    }

    private static List<String> names(List<MethodInsnNode> calls) {
        List<String> names = new ArrayList<>();
        for (MethodInsnNode c : calls) {
            names.add(c.name);
        }
        return names;
    }
}
