package dev.weft.fallback.weaver;

import static dev.weft.fallback.testing.WeavingLoader.method;
import static dev.weft.fallback.testing.WeavingLoader.node;
import static java.util.Arrays.asList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fallback.testing.WeavingLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.util.Printer;

/** Each pass alone, on the hand-written sample classes. */
class WeaverPassesTest {
    private static final String S = "dev.weft.fallback.samples.Samples$";
    private static final String R = "dev.weft.fallback.samples.Refused$";
    private static final String C = "dev.weft.fallback.samples.constants.";
    private final ClassHierarchy hierarchy = new ClassHierarchy(getClass().getClassLoader());

    private static List<String> names(List<MethodInsnNode> calls) {
        List<String> names = new ArrayList<>();
        for (MethodInsnNode c : calls) {
            names.add(c.name);
        }
        return names;
    }

    private static List<MethodInsnNode> points(ClassNode cn, MethodNode m) {
        return SuspensionPoints.find(cn.name, m, SuspendablePolicy.DEFAULT);
    }

    @Test
    void suspensionPointsAreTheCallsThatMayReachSuspendInCodeOrder() {
        ClassNode cn = node(S + "OperandStack");
        // StringBuilder calls, constructors and static JDK calls are not points.
        assertEquals(asList("value", "add3", "log", "bigValue", "log", "half", "log", "value", "log",
                "value", "log", "value", "mix", "log", "bigValue", "log", "value", "pair", "log"),
                names(points(cn, method(cn, "run"))));
        assertEquals(asList("suspend"), names(points(cn, method(cn, "value"))));
        assertTrue(points(cn, method(cn, "add3")).isEmpty());
    }

    @Test
    void constructorsInitializersAndLeafCallsHaveNoPoints() {
        ClassNode ctor = node(R + "Constructs");
        assertTrue(points(ctor, method(ctor, "<init>")).isEmpty());
        ClassNode init = node(R + "Initializes");
        assertTrue(points(init, method(init, "<clinit>")).isEmpty());
        ClassNode lazy = node(S + "Lazy");
        assertTrue(points(lazy, method(lazy, "helper")).isEmpty(), "Integer.valueOf and Integer.hashCode");
        assertEquals(asList("helper", "helper"), names(points(lazy, method(lazy, "busy"))));
    }

    @Test
    void monitorsBecomeCooperativeAndCallsInsideThemArePoints() {
        ClassNode cn = node(S + "SuspendsInsideSynchronized");
        MethodNode run = method(cn, "run");
        MonitorRewriting.Held held = MonitorRewriting.apply(cn.name, run);
        assertTrue(held.changed());
        List<MethodInsnNode> points = points(cn, run);
        points.removeIf(p -> p.name.equals("log") || p.name.equals("getMessage"));
        // enter LOCK, inner(), enter this, suspend(), method(), throwing(), locked(); exits are not points
        assertEquals(asList("enter", "inner", "enter", "suspend", "method", "throwing", "locked"), names(points));
        assertEquals(0, held.at(points.get(0)).length, "entering the outer monitor holds none yet");
        assertEquals(1, held.at(points.get(1)).length);
        assertEquals(2, held.at(points.get(3)).length);
        assertEquals(1, held.at(points.get(4)).length);
        assertEquals(0, held.at(points.get(5)).length);

        MethodNode method = method(cn, "method");
        assertTrue((method.access & Opcodes.ACC_SYNCHRONIZED) != 0);
        MonitorRewriting.apply(cn.name, method);
        assertEquals(0, method.access & Opcodes.ACC_SYNCHRONIZED, "a synchronized method becomes a block");
        assertEquals(asList("enter", "suspend", "log"), names(points(cn, method)));
    }

    @Test
    void weftsOwnClassesKeepJvmMonitors() {
        assertTrue(MonitorRewriting.exempt("dev/weft/internal/Monitors"));
        assertTrue(MonitorRewriting.exempt("dev/weft/Microthreads"));
        assertTrue(MonitorRewriting.exempt("dev/weft/sync/Lock"));
        assertFalse(MonitorRewriting.exempt("dev/weft/compat/core/ThreadLocalAndMonitorTest"));
        assertFalse(MonitorRewriting.exempt("com/example/Account"));
    }

    @Test
    void allocationsSpanningAPointAreMovedAfterTheirArguments() {
        ClassNode cn = node(S + "NewWithSuspendingArguments");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        // new Point(value(1), value(2)); new Pair(new Point(value(3), 4), new Point(5, value(6)));
        // new Point(value(7), 8). The StringBuilders of the string concatenations span no point.
        assertEquals(5, NewRelocation.apply(cn.name, run, points));
        assertEquals(0, NewRelocation.apply(cn.name, run, points), "nothing left to move");
        // Every NEW Point now comes right after the evaluation of its arguments.
        for (AbstractInsnNode i = run.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i.getOpcode() == Opcodes.NEW && ((TypeInsnNode) i).desc.endsWith("$Point")) {
                AbstractInsnNode init = i.getNext().getNext().getNext().getNext();
                assertEquals(Opcodes.DUP, i.getNext().getOpcode());
                assertEquals(Opcodes.ILOAD, i.getNext().getNext().getOpcode());
                assertEquals("<init>", ((MethodInsnNode) init).name);
            }
        }
    }

    @Test
    void spillingStoresOperandsAndLabelsTheirReload() {
        ClassNode cn = node(S + "OperandStack");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        int before = run.maxLocals;
        List<LabelNode> reloads = CallSpilling.apply(run, points);
        assertEquals(points.size(), reloads.size());
        // Every computed operand is an int or a reference (the long and double arguments are
        // constants): one slot, shared by all points.
        assertEquals(before + 1, run.maxLocals);
        MethodInsnNode mix = points.get(12);
        assertEquals("mix", mix.name);
        // mix(1L << 35, 0.25, value(3)): the result of value(3) is stored, the constants popped.
        assertEquals(asList("ISTORE " + before, "POP2", "POP2"), describe(reloads.get(12), -3));
        assertEquals(asList("LDC Long 34359738368", "LDC Double 0.25", "ILOAD " + before, "INVOKESTATIC mix"),
                describe(reloads.get(12), 4));
    }

    @Test
    void constantOperandsArePushedAgainNotSpilled() {
        ClassNode cn = node(C + "ConstantOperands");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        assertEquals(asList("await"), names(points));
        int before = run.maxLocals;
        List<LabelNode> reloads = CallSpilling.apply(run, points);
        // Only the computed StringBuilder gets a slot; "this" is reloaded from local 0; every
        // constant (int, long ldc2_w, double, float, string, class, null) is popped and pushed
        // again by a copy of its instruction.
        assertEquals(before + 1, run.maxLocals);
        assertEquals(asList("POP", "POP", "POP", "POP", "POP2", "POP2", "POP2", "POP2", "POP", "POP", "POP", "POP",
                "ASTORE " + before, "POP"), describe(reloads.get(0), -14));
        assertEquals(asList("ALOAD 0", "ALOAD " + before, "ICONST_M1", "BIPUSH 100", "SIPUSH 1000",
                "LDC Integer 100000", "LDC Long -9223372036854775808", "LCONST_1", "LDC Double 0.1", "DCONST_0",
                "LDC Float 2.5", "LDC String name", "LDC Type Ljava/lang/String;", "ACONST_NULL", "INVOKEVIRTUAL await"),
                describe(reloads.get(0), 15));
        // The original instructions are still there, before the pops: the first run pushes them once.
        assertEquals("ACONST_NULL", describe(reloads.get(0), -15).get(0));
    }

    @Test
    void computedWideOperandsBesideConstantsGetSlotsSideBySide() {
        ClassNode cn = node(C + "ConstantOperands$Mixed");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        assertEquals(asList("record"), names(points));
        int before = run.maxLocals;
        List<LabelNode> reloads = CallSpilling.apply(run, points);
        // record(Long.parseLong("5"), NO_DEADLINE, Double.parseDouble("0.5"), 3)
        assertEquals(before + 4, run.maxLocals);
        assertEquals(asList("POP", "DSTORE " + (before + 2), "POP2", "LSTORE " + before), describe(reloads.get(0), -4));
        assertEquals(asList("LLOAD " + before, "LDC Long -9223372036854775808", "DLOAD " + (before + 2), "ICONST_3",
                "INVOKESTATIC record"), describe(reloads.get(0), 5));
    }

    @Test
    void dynamicConstantsHandlesAndMergedConstantsAreSpilled() {
        // static void m(boolean b) { take(ldc condy, ldc handle, b ? 1 : 2); }, built by hand:
        // javac emits no condy or handle operand.
        Handle bootstrap = new Handle(Opcodes.H_INVOKESTATIC, "x/Y", "bootstrap",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        MethodNode m = new MethodNode(Opcodes.ACC_STATIC, "m", "(Z)V", null, null);
        LabelNode two = new LabelNode();
        LabelNode call = new LabelNode();
        m.instructions.add(new LdcInsnNode(new ConstantDynamic("c", "Ljava/lang/Object;", bootstrap)));
        m.instructions.add(new LdcInsnNode(new Handle(Opcodes.H_INVOKESTATIC, "x/Y", "z", "()V", false)));
        m.instructions.add(new VarInsnNode(Opcodes.ILOAD, 0));
        m.instructions.add(new JumpInsnNode(Opcodes.IFEQ, two));
        m.instructions.add(new InsnNode(Opcodes.ICONST_1));
        m.instructions.add(new JumpInsnNode(Opcodes.GOTO, call));
        m.instructions.add(two);
        m.instructions.add(new InsnNode(Opcodes.ICONST_2));
        m.instructions.add(call);
        MethodInsnNode take = new MethodInsnNode(Opcodes.INVOKESTATIC, "x/Y", "take",
                "(Ljava/lang/Object;Ljava/lang/invoke/MethodHandle;I)V", false);
        m.instructions.add(take);
        m.instructions.add(new InsnNode(Opcodes.RETURN));
        m.maxStack = 3;
        m.maxLocals = 1;
        List<LabelNode> reloads = CallSpilling.apply(m, asList(take));
        // The int is 1 or 2 depending on the path: its two sources make it no constant.
        assertEquals(4, m.maxLocals);
        assertEquals(asList("ISTORE 3", "ASTORE 2", "ASTORE 1"), describe(reloads.get(0), -3));
        assertEquals(asList("ALOAD 1", "ALOAD 2", "ILOAD 3", "INVOKESTATIC take"), describe(reloads.get(0), 4));
        assertFalse(CallSpilling.isConstant(new LdcInsnNode(new ConstantDynamic("c", "I", bootstrap))));
        assertTrue(CallSpilling.isConstant(new LdcInsnNode(Type.getMethodType("()V"))));
    }

    /**
     * The {@code count} instructions after {@code label} (count &gt; 0) or the {@code -count}
     * before it (count &lt; 0), in code order, as opcode and operand.
     */
    private static List<String> describe(LabelNode label, int count) {
        List<String> d = new ArrayList<>();
        AbstractInsnNode i = label;
        for (int n = 0; n < Math.abs(count); n++) {
            i = count > 0 ? i.getNext() : i.getPrevious();
            String op = Printer.OPCODES[i.getOpcode()];
            if (i instanceof VarInsnNode) {
                op += " " + ((VarInsnNode) i).var;
            } else if (i instanceof IntInsnNode) {
                op += " " + ((IntInsnNode) i).operand;
            } else if (i instanceof LdcInsnNode) {
                Object cst = ((LdcInsnNode) i).cst;
                op += " " + cst.getClass().getSimpleName() + " " + cst;
            } else if (i instanceof MethodInsnNode) {
                op += " " + ((MethodInsnNode) i).name;
            }
            d.add(op);
        }
        if (count < 0) {
            java.util.Collections.reverse(d);
        }
        return d;
    }

    @Test
    void frameAnalysisGivesTheTypeOfEveryLiveLocalAtAPoint() {
        ClassNode cn = node(S + "AllLocalKinds");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        CallSpilling.apply(run, points);
        Frame<BasicValue>[] frames = FrameAnalysis.analyze(cn.name, cn.superName, cn.interfaces, false, run, hierarchy);
        MethodInsnNode suspend = null;
        for (MethodInsnNode p : points) {
            if (p.name.equals("suspend")) {
                suspend = p;
            }
        }
        assertNotNull(suspend);
        Frame<BasicValue> f = frames[run.instructions.indexOf(suspend)];
        List<String> types = new ArrayList<>();
        for (int slot = 0; slot < f.getLocals(); slot++) {
            Type t = f.getLocal(slot).getType();
            types.add(t == null ? "top" : t.getDescriptor());
        }
        // this, int, long (2 slots), float, double (2), boolean/char/byte/short as int, String,
        // int[], null, then the spill slot (for the last log's computed string), unset: the
        // argument of log("before") is a constant, pushed again instead of spilled.
        assertEquals(asList("L" + cn.name + ";", "I", "J", "top", "F", "D", "top", "I", "I", "I", "I",
                "Ljava/lang/String;", "[I", "Lnull;", "top"), types);
    }

    @Test
    void onlyLocalsReadAfterAPointAreLiveThere() {
        ClassNode cn = node(S + "AllLocalKinds");
        MethodNode run = method(cn, "run");
        List<MethodInsnNode> points = points(cn, run);
        List<LabelNode> reloads = CallSpilling.apply(run, points);
        int suspend = -1;
        for (int k = 0; k < points.size(); k++) {
            if (points.get(k).name.equals("suspend")) {
                suspend = k;
            }
        }
        // Every variable is printed after the suspension; "this" and the spill slot are not read.
        assertEquals("{1, 2, 4, 5, 7, 8, 9, 10, 11, 12, 13}", Liveness.liveAt(run, reloads).get(suspend).toString());

        ClassNode lazy = node(S + "Lazy");
        MethodNode lazyRun = method(lazy, "run");
        List<MethodInsnNode> lazyPoints = points(lazy, lazyRun);
        List<LabelNode> lazyReloads = CallSpilling.apply(lazyRun, lazyPoints);
        // Points: busy(k) in the loop, suspend(), log(...). At busy(k) (javac: iload sum; iload k;
        // call; iadd; istore sum) sum is on the operand stack, not read from its slot again
        // before being stored; the argument is a plain load of k, reloaded from k itself: live is
        // only k. After the loop only sum; at log only its spilled argument (a computed string).
        List<java.util.BitSet> live = Liveness.liveAt(lazyRun, lazyReloads);
        assertEquals(asList("busy", "suspend", "log"), names(lazyPoints));
        assertEquals("{2}", live.get(0).toString());
        assertEquals("{1}", live.get(1).toString());
        assertEquals("{3}", live.get(2).toString());
    }

    @Test
    void lambdaBodiesAcceptTheirInterfaceMethodsToken() {
        Map<String, Set<String>> tokens = ClassWeaver.lambdaTokens(node(S + "Lambdas"));
        assertEquals(asList("apply(Ljava/lang/Object;)Ljava/lang/Object;"),
                new ArrayList<>(tokens.get("tagged(Ljava/lang/String;)Ljava/lang/String;")));
        assertEquals(asList("apply(Ljava/lang/Object;)Ljava/lang/Object;"),
                new ArrayList<>(tokens.get("twice(Ljava/lang/Integer;)Ljava/lang/Integer;")));
        assertEquals(asList("get()Ljava/lang/Object;"), new ArrayList<>(tokens.get("lambda$run$0(I)Ljava/lang/String;")));
        assertEquals(asList("run()V"), new ArrayList<>(tokens.get("lambda$run$1()V")));
    }

    @Test
    void methodReferencesToOtherClassesAreRoutedThroughAForwarder() {
        ClassNode cn = node(S + "ForeignReferences");
        int methods = cn.methods.size();
        // OperandStack::value, Animal::speak, dog::speak (same target as Animal::speak: one
        // forwarder); Cat::new is a constructor and stays as it is.
        assertEquals(2, ForeignMethodReferences.apply(cn, SuspendablePolicy.DEFAULT));
        assertEquals(methods + 2, cn.methods.size());
        MethodNode fwd = method(cn, "weft$ref$1");
        assertEquals("(Ldev/weft/fallback/samples/Samples$Animal;)Ljava/lang/String;", fwd.desc);
        assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_SYNTHETIC, fwd.access);
        assertEquals(asList("speak"), names(points(cn, fwd)));
        Map<String, Set<String>> tokens = ClassWeaver.lambdaTokens(cn);
        assertEquals(asList("apply(Ljava/lang/Object;)Ljava/lang/Object;", "get()Ljava/lang/Object;"),
                new ArrayList<>(tokens.get(fwd.name + fwd.desc)));
    }

    @Test
    void wovenClassesAreMarkedAndNeverWovenTwice() {
        ClassWeaver weaver = new ClassWeaver(hierarchy, SuspendablePolicy.DEFAULT);
        byte[] original = WeavingLoader.bytes(S + "Recursion");
        byte[] woven = weaver.weave(original);
        assertNotNull(woven);
        assertTrue(ClassWeaver.isWoven(woven));
        assertTrue(!ClassWeaver.isWoven(original));
        assertNull(weaver.weave(woven));
    }

    @Test
    void classesThatCannotSuspendAreLeftAlone() {
        ClassWeaver weaver = new ClassWeaver(hierarchy, SuspendablePolicy.DEFAULT);
        assertNull(weaver.weave(WeavingLoader.bytes(S + "Point")), "constructor and StringBuilder calls only");
    }

    @Test
    void signaturesFieldsAndLineNumbersAreKept() {
        for (String c : asList(S + "Lambdas", S + "BridgesAndDefaults", S + "Increment", S + "Greeter", S + "Dog")) {
            ClassWeaver weaver = new ClassWeaver(hierarchy, SuspendablePolicy.DEFAULT);
            ClassNode before = node(c);
            ClassNode after = new ClassNode();
            new ClassReader(weaver.weave(WeavingLoader.bytes(c))).accept(after, 0);
            // The twins (PlainTwins) and direct twins (DirectCalls) are extra methods: each a
            // private synthetic copy of a method of the class with the same lines; everything
            // else is as it was.
            List<MethodNode> twins = new ArrayList<>();
            for (java.util.Iterator<MethodNode> it = after.methods.iterator(); it.hasNext(); ) {
                MethodNode m = it.next();
                if (m.desc.contains("Ldev/weft/fallback/Twin;)") || m.desc.contains("Ldev/weft/fallback/FrameStack;)")) {
                    twins.add(m);
                    it.remove();
                }
            }
            assertEquals(describe(before), describe(after), c);
            assertTrue(!twins.isEmpty() || c.endsWith("Greeter"), c + " has no twin");
            for (MethodNode twin : twins) {
                String originalDesc = PlainTwins.original(twin.desc);
                MethodNode original = declared(before, twin.name,
                        originalDesc != null ? originalDesc : DirectCalls.original(twin.desc));
                assertEquals(Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC | (original.access & Opcodes.ACC_STATIC),
                        twin.access, twin.name + twin.desc);
                assertEquals(lines(original), lines(twin), twin.name + twin.desc);
            }
        }
    }

    private static MethodNode declared(ClassNode cn, String name, String desc) {
        for (MethodNode m : cn.methods) {
            if (m.name.equals(name) && m.desc.equals(desc)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + desc + " in " + cn.name);
    }

    private static List<Integer> lines(MethodNode m) {
        List<Integer> lines = new ArrayList<>();
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof org.objectweb.asm.tree.LineNumberNode) {
                int line = ((org.objectweb.asm.tree.LineNumberNode) i).line;
                if (!lines.contains(line)) {
                    lines.add(line);
                }
            }
        }
        java.util.Collections.sort(lines);
        return lines;
    }

    private static List<String> describe(ClassNode cn) {
        List<String> d = new ArrayList<>();
        d.add(cn.access + " " + cn.name + " " + cn.superName + " " + cn.interfaces + " " + cn.signature);
        for (FieldNode f : cn.fields) {
            d.add(f.access + " " + f.name + f.desc + " " + f.signature);
        }
        for (MethodNode m : cn.methods) {
            d.add(m.access + " " + m.name + m.desc + " " + m.signature + " " + m.exceptions + " lines " + lines(m));
        }
        return d;
    }
}
