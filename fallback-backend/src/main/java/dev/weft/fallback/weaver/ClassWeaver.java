package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * Weaves one class: {@link ForeignMethodReferences} for the class; then for each method
 * {@link MonitorRewriting} and {@link SuspensionPoints} (the calls the {@link SuspendablePolicy}
 * calls suspendable); then, over the whole class, {@code IntraClassCalls} (drops the calls to
 * methods of this class that provably cannot suspend, so that a recursive or private helper that
 * never suspends is not woven); then for each method left with a point the pipeline
 * {@link NewRelocation} → {@link CallSpilling} → {@link FrameAnalysis} and {@link Liveness} →
 * {@link MethodRewriter}, each woven method first copied as it was, to be its twin and its plain
 * copy if that fits ({@link PlainTwins}: the code woven code runs where no continuation runs);
 * then marks the class {@code @dev.weft.fallback.Woven} (listing the woven
 * methods) and writes it with stack map frames recomputed. Method signatures, access flags, names
 * and line numbers are kept; only code is added.
 */
public final class ClassWeaver {
    /** Descriptor of the mark. */
    public static final String MARK = "Ldev/weft/fallback/Woven;";
    /** Version of the weaving scheme recorded in the mark. */
    public static final int SCHEME = 1;

    private static final String LAMBDA_METAFACTORY = "java/lang/invoke/LambdaMetafactory";
    private static final int FLAG_BRIDGES = 4; // LambdaMetafactory.FLAG_BRIDGES
    private static final int FLAG_MARKERS = 2; // LambdaMetafactory.FLAG_MARKERS

    private final ClassHierarchy hierarchy;
    private final SuspendablePolicy policy;
    private boolean plainCopies = true;
    private boolean directCalls = true;
    private final Map<String, PlainTwins.Mode> modes = new LinkedHashMap<>();
    private final Set<String> pureMethods = new java.util.TreeSet<>();

    public ClassWeaver(ClassHierarchy hierarchy, SuspendablePolicy policy) {
        this.hierarchy = hierarchy;
        this.policy = policy;
    }

    /** For tests: this weaver gives no method a plain copy or a twin (the woven code alone, as before {@link PlainTwins}). */
    ClassWeaver withoutPlainCopies() {
        plainCopies = false;
        return this;
    }

    /** For tests: this weaver makes no direct calls (no method gets a direct twin, see {@link DirectCalls}). */
    ClassWeaver withoutDirectCalls() {
        directCalls = false;
        return this;
    }

    /** For tests: what each woven method ({@code name + descriptor}) of the last class woven runs where no continuation runs. */
    Map<String, PlainTwins.Mode> modes() {
        return Collections.unmodifiableMap(modes);
    }

    /**
     * For tests: the woven methods of the last class woven that run their plain copy when their
     * receiver is exactly of the class, even in a continuation ({@link PlainTwins#pureForExactReceivers}).
     */
    Set<String> pureMethods() {
        return Collections.unmodifiableSet(pureMethods);
    }

    /** Whether {@code classFile} already carries the weaver's mark. */
    public static boolean isWoven(byte[] classFile) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return marked(cn);
    }

    /**
     * Weaves a class file. A method that would exceed the JVM's 64 KiB code limit with its plain
     * copy ({@link PlainTwins}) is woven without it (and has no twin); one that would exceed it
     * even so is left as it was (and listed in the mark's {@code tooLarge}); a suspension through it is then
     * refused at run time like any unwoven frame, with a message saying to split it.
     *
     * @return the woven class file, or {@code null} if the class needs no weaving (no method can
     *         reach a suspension point) or is already woven
     * @throws WeaveException if a method cannot be woven for another reason (the message names it)
     */
    public byte[] weave(byte[] classFile) {
        Set<String> tooLarge = new java.util.TreeSet<>();
        Set<String> noCopy = new java.util.TreeSet<>();
        while (true) {
            try {
                return weave(classFile, tooLarge, noCopy);
            } catch (MethodTooLargeException e) {
                // Too large with its plain copy (or its twin): woven without them; still too large: not woven.
                String twinOf = PlainTwins.original(e.getDescriptor());
                if (twinOf == null) {
                    twinOf = DirectCalls.original(e.getDescriptor());
                }
                String key = e.getMethodName() + (twinOf != null ? twinOf : e.getDescriptor());
                if (noCopy.add(key)) {
                    continue;
                }
                if (!tooLarge.add(key)) {
                    throw new WeaveException("weft weaver: " + e.getClassName().replace('/', '.') + "."
                            + e.getMethodName() + e.getDescriptor() + " is too large even unwoven", e);
                }
            }
        }
    }

    private byte[] weave(byte[] classFile, Set<String> tooLarge, Set<String> noCopy) {
        ClassNode cn = new ClassNode();
        new ClassReader(classFile).accept(cn, ClassReader.SKIP_FRAMES);
        if (marked(cn) || (cn.access & Opcodes.ACC_MODULE) != 0) {
            return null;
        }
        hierarchy.define(cn.name, cn.superName, (cn.access & Opcodes.ACC_INTERFACE) != 0, cn.interfaces);
        ForeignMethodReferences.apply(cn, policy);
        Map<String, Set<String>> lambdaTokens = lambdaTokens(cn);
        boolean changed = false; // monitors made cooperative, even in a method with no suspension point
        Map<MethodNode, MonitorRewriting.Held> held = new HashMap<>();
        Map<MethodNode, List<MethodInsnNode>> candidates = new LinkedHashMap<>();
        for (MethodNode m : cn.methods) {
            if (tooLarge.contains(m.name + m.desc)) {
                continue;
            }
            MonitorRewriting.Held h = MonitorRewriting.apply(cn.name, m);
            changed |= h.changed();
            held.put(m, h);
            candidates.put(m, SuspensionPoints.find(cn.name, m, policy));
        }
        Set<String> wovenNames = new java.util.TreeSet<>();
        modes.clear();
        pureMethods.clear();
        boolean plain = plainCopies && PlainTwins.enabled(cn);
        Map<String, MethodNode> woven = new HashMap<>();
        List<MethodNode> twins = new ArrayList<>();
        Map<MethodNode, PlainTwins.Entry> entries = new LinkedHashMap<>();
        Map<MethodNode, List<MethodInsnNode>> narrowed = IntraClassCalls.narrow(cn, candidates);
        Set<MethodNode> pure = plain ? PlainTwins.pureForExactReceivers(cn, narrowed)
                : Collections.<MethodNode>emptySet();
        DirectCalls direct = directCalls ? DirectCalls.of(cn, narrowed, held, noCopy) : DirectCalls.none(cn);
        // Direct twins are copied before any method is woven, with their points.
        Map<MethodNode, List<MethodInsnNode>> directTwins = new LinkedHashMap<>();
        for (MethodNode m : direct.targets()) {
            MethodNode twin = direct.twin(m);
            List<MethodInsnNode> twinPoints = new ArrayList<>();
            for (MethodInsnNode p : narrowed.get(m)) {
                twinPoints.add((MethodInsnNode) twin.instructions.get(m.instructions.indexOf(p)));
            }
            directTwins.put(twin, twinPoints);
        }
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : narrowed.entrySet()) {
            MethodNode m = e.getKey();
            if (e.getValue().isEmpty()) {
                continue;
            }
            PlainTwins.Entry entry = null;
            if (plain && !noCopy.contains(m.name + m.desc)) {
                woven.put(m.name + m.desc, m);
                twins.add(PlainTwins.twin(m, PlainTwins.copy(m)));
                entry = new PlainTwins.Entry(pure.contains(m), PlainTwins.copy(m), PlainTwins.copy(m));
            } else if (plainCopies) {
                entry = new PlainTwins.Entry(false, null, null); // no copy: only the entry where idle
            }
            if (entry != null) {
                entries.put(m, entry);
            }
            Collection<String> extra = lambdaTokens.containsKey(m.name + m.desc)
                    ? lambdaTokens.get(m.name + m.desc) : Collections.<String>emptySet();
            List<int[]> monitors = new ArrayList<>();
            for (MethodInsnNode p : e.getValue()) {
                monitors.add(held.get(m).at(p));
            }
            DirectCalls calls = directFits(cn, m, e.getValue(), monitors, extra, direct) ? direct
                    : DirectCalls.none(cn);
            weaveMethod(cn, m, e.getValue(), monitors, extra, entry, calls);
            wovenNames.add(m.name);
        }
        for (Map.Entry<MethodNode, List<MethodInsnNode>> e : directTwins.entrySet()) {
            List<int[]> monitors = new ArrayList<>();
            for (int k = 0; k < e.getValue().size(); k++) {
                monitors.add(new int[0]); // a direct twin holds no monitor at a point (DirectCalls)
            }
            weaveMethod(cn, e.getKey(), e.getValue(), monitors, Collections.<String>emptySet(), null, direct);
        }
        for (MethodNode twin : twins) {
            PlainTwins.link(cn, twin.instructions, twin, woven);
        }
        for (Map.Entry<MethodNode, PlainTwins.Entry> e : entries.entrySet()) {
            MethodNode m = e.getKey();
            if (e.getValue().full == null) {
                PlainTwins.withoutCopy(m, e.getValue());
                continue;
            }
            PlainTwins.Mode mode = PlainTwins.finish(cn, m, e.getValue(), woven);
            modes.put(m.name + m.desc, mode);
            if (mode != PlainTwins.Mode.NONE && pure.contains(m)) {
                pureMethods.add(m.name + m.desc);
            }
        }
        cn.methods.addAll(twins);
        cn.methods.addAll(directTwins.keySet());
        if (wovenNames.isEmpty() && !changed) {
            return null;
        }
        AnnotationNode mark = new AnnotationNode(MARK);
        mark.values = new ArrayList<>();
        mark.values.add("value");
        mark.values.add(SCHEME);
        mark.values.add("methods");
        mark.values.add(new ArrayList<>(wovenNames));
        if (!tooLarge.isEmpty()) {
            mark.values.add("tooLarge");
            mark.values.add(new ArrayList<>(tooLarge));
        }
        if (cn.visibleAnnotations == null) {
            cn.visibleAnnotations = new ArrayList<>();
        }
        cn.visibleAnnotations.add(mark);
        ClassWriter w = new HierarchyClassWriter(hierarchy);
        loadableConstantsFirst(cn, w);
        cn.accept(w);
        return w.toByteArray();
    }

    /**
     * Enters the constants that {@code ldc} loads into the constant pool before anything else,
     * one-slot constants first, so that as many as possible get an index below 256 and a
     * two-byte {@code ldc}: the plain copies add constants (PlainTwins), and must not make
     * another method longer by pushing its constants into {@code ldc_w}.
     */
    private static void loadableConstantsFirst(ClassNode cn, ClassWriter w) {
        List<Object> wide = new ArrayList<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (i instanceof org.objectweb.asm.tree.LdcInsnNode) {
                    Object c = ((org.objectweb.asm.tree.LdcInsnNode) i).cst;
                    if (c instanceof Long || c instanceof Double) {
                        wide.add(c);
                    } else {
                        w.newConst(c);
                    }
                }
            }
        }
        for (Object c : wide) {
            w.newConst(c);
        }
    }

    /** The final fields of {@code cn}, each {@code name + descriptor} (their reads need no saving). */
    private static Set<String> finalFields(ClassNode cn) {
        Set<String> finals = new HashSet<>();
        for (FieldNode f : cn.fields) {
            if ((f.access & Opcodes.ACC_FINAL) != 0) {
                finals.add(f.name + f.desc);
            }
        }
        return finals;
    }

    /**
     * Whether the woven method {@code m} makes its direct calls ({@link DirectCalls}): unless they
     * would push its woven code over C2's inlining limit ({@link PlainTwins#INLINE_LIMIT}), which
     * would make every call of it from another class dearer. Decided by weaving two copies of it,
     * with and without them: direct calls are made if the one with them is surely within the
     * limit, or the one without is surely over it anyway. (Woven alone: what {@link PlainTwins}
     * adds then keeps within the limit a method that is within it.)
     */
    private boolean directFits(ClassNode cn, MethodNode m, List<MethodInsnNode> points, List<int[]> monitors,
            Collection<String> extraTokens, DirectCalls direct) {
        boolean any = false;
        for (MethodInsnNode p : points) {
            any |= direct.direct(p);
        }
        return !any
                || wovenSize(cn, m, points, monitors, extraTokens, direct, true) <= PlainTwins.INLINE_LIMIT
                || wovenSize(cn, m, points, monitors, extraTokens, DirectCalls.none(cn), false)
                        > PlainTwins.INLINE_LIMIT;
    }

    /** Bound on the size of {@code m}'s woven code (from above if {@code upper}), from a copy woven with {@code direct}. */
    private int wovenSize(ClassNode cn, MethodNode m, List<MethodInsnNode> points, List<int[]> monitors,
            Collection<String> extraTokens, DirectCalls direct, boolean upper) {
        PlainTwins.Code code = PlainTwins.copy(m);
        MethodNode trial = new MethodNode(Opcodes.ASM9, m.access, m.name, m.desc, null, null);
        trial.instructions = code.instructions;
        trial.tryCatchBlocks = code.handlers;
        trial.localVariables = code.locals;
        trial.maxLocals = m.maxLocals;
        trial.maxStack = m.maxStack;
        List<MethodInsnNode> trialPoints = new ArrayList<>();
        for (MethodInsnNode p : points) {
            trialPoints.add((MethodInsnNode) trial.instructions.get(m.instructions.indexOf(p)));
        }
        weaveMethod(cn, trial, trialPoints, monitors, extraTokens, null, direct);
        return PlainTwins.size(trial.instructions, upper);
    }

    /** Weaves {@code m}; {@code monitors} gives, for each point, the slots of the monitors held there. */
    private void weaveMethod(ClassNode cn, MethodNode m, List<MethodInsnNode> points, List<int[]> monitors,
            Collection<String> extraTokens, PlainTwins.Entry plain, DirectCalls direct) {
        NewRelocation.apply(cn.name, m, points);
        List<LabelNode> reloads = CallSpilling.apply(cn.name, finalFields(cn), m, points);
        Frame<BasicValue>[] frames = FrameAnalysis.analyze(cn.name, cn.superName, cn.interfaces,
                (cn.access & Opcodes.ACC_INTERFACE) != 0, m, hierarchy);
        List<BitSet> live = Liveness.liveAt(m, reloads);
        for (int k = 0; k < points.size(); k++) {
            for (int slot : monitors.get(k)) {
                live.get(k).set(slot); // restored with the frame, to take the monitor again
            }
        }
        MethodRewriter.rewrite(cn.name, cn.sourceFile, m, points, reloads, frames, live, extraTokens, monitors, plain,
                direct);
    }

    private static boolean marked(ClassNode cn) {
        if (cn.visibleAnnotations != null) {
            for (AnnotationNode a : cn.visibleAnnotations) {
                if (a.desc.equals(MARK)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * For each method of this class that a lambda or method reference in this class is bound to,
     * the tokens ({@code name+desc} of the functional interface method and its bridges) under
     * which the lambda proxy, a pure forwarding frame, enters it.
     */
    static Map<String, Set<String>> lambdaTokens(ClassNode cn) {
        Map<String, Set<String>> tokens = new HashMap<>();
        for (MethodNode m : cn.methods) {
            for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
                if (!(i instanceof InvokeDynamicInsnNode)) {
                    continue;
                }
                InvokeDynamicInsnNode indy = (InvokeDynamicInsnNode) i;
                if (!indy.bsm.getOwner().equals(LAMBDA_METAFACTORY) || indy.bsmArgs.length < 3
                        || !(indy.bsmArgs[1] instanceof Handle)) {
                    continue;
                }
                Handle impl = (Handle) indy.bsmArgs[1];
                if (!impl.getOwner().equals(cn.name)) {
                    continue; // left alone by ForeignMethodReferences (constructor, super::m, serializable)
                }
                String key = impl.getName() + impl.getDesc();
                Set<String> set = tokens.get(key);
                if (set == null) {
                    set = new LinkedHashSet<>();
                    tokens.put(key, set);
                }
                set.add(indy.name + ((Type) indy.bsmArgs[0]).getDescriptor());
                if (indy.bsm.getName().equals("altMetafactory") && indy.bsmArgs.length > 3) {
                    int flags = (Integer) indy.bsmArgs[3];
                    int at = 4;
                    if ((flags & FLAG_MARKERS) != 0) {
                        at += 1 + (Integer) indy.bsmArgs[at];
                    }
                    if ((flags & FLAG_BRIDGES) != 0) {
                        int count = (Integer) indy.bsmArgs[at++];
                        for (int b = 0; b < count; b++) {
                            set.add(indy.name + ((Type) indy.bsmArgs[at + b]).getDescriptor());
                        }
                    }
                }
            }
        }
        return tokens;
    }

    /** Computes stack map frames from the class files a {@link ClassHierarchy} reads, loading nothing. */
    static final class HierarchyClassWriter extends ClassWriter {
        private final ClassHierarchy hierarchy;

        HierarchyClassWriter(ClassHierarchy hierarchy) {
            super(COMPUTE_FRAMES);
            this.hierarchy = hierarchy;
        }

        @Override
        protected String getCommonSuperClass(String a, String b) {
            return hierarchy.commonSuperClass(a, b);
        }
    }
}
