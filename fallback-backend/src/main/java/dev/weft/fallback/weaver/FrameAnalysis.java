package dev.weft.fallback.weaver;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

/**
 * Pass "analyse frames": the type of every local and operand-stack value before every
 * instruction, precise enough to save a value and restore it with a {@code checkcast} the
 * verifier accepts. ASM's {@link SimpleVerifier}, with class relations read from class files by a
 * {@link ClassHierarchy} instead of loaded classes.
 */
public final class FrameAnalysis {
    private FrameAnalysis() {
    }

    /** Frames indexed like {@code m.instructions}; null for unreachable instructions. */
    public static Frame<BasicValue>[] analyze(String owner, String superName, List<String> interfaces,
            boolean isInterface, MethodNode m, ClassHierarchy hierarchy) {
        List<Type> itfs = new ArrayList<>();
        if (interfaces != null) {
            for (String i : interfaces) {
                itfs.add(Type.getObjectType(i));
            }
        }
        Type sup = superName == null ? null : Type.getObjectType(superName);
        Analyzer<BasicValue> a = new Analyzer<>(
                new HierarchyVerifier(Type.getObjectType(owner), sup, itfs, isInterface, hierarchy));
        try {
            return a.analyze(owner, m);
        } catch (AnalyzerException e) {
            throw new WeaveException("weft weaver: cannot analyse " + owner.replace('/', '.') + "." + m.name + m.desc
                    + ": " + e.getMessage(), e);
        }
    }

    /** SimpleVerifier that asks a {@link ClassHierarchy} instead of loading classes. */
    static final class HierarchyVerifier extends SimpleVerifier {
        private final ClassHierarchy hierarchy;

        HierarchyVerifier(Type current, Type superType, List<Type> interfaces, boolean isInterface,
                ClassHierarchy hierarchy) {
            super(Opcodes.ASM9, current, superType, interfaces, isInterface);
            this.hierarchy = hierarchy;
        }

        @Override
        protected boolean isInterface(Type type) {
            return type.getSort() == Type.OBJECT && hierarchy.isInterface(type.getInternalName());
        }

        @Override
        protected Type getSuperClass(Type type) {
            if (type.getSort() != Type.OBJECT) {
                return Type.getObjectType("java/lang/Object");
            }
            String s = hierarchy.superName(type.getInternalName());
            return s == null ? null : Type.getObjectType(s);
        }

        @Override
        protected boolean isAssignableFrom(Type to, Type from) {
            if (to.equals(from)) {
                return true;
            }
            if (to.getSort() == Type.ARRAY) {
                if (from.getSort() != Type.ARRAY) {
                    return false;
                }
                Type t = Type.getType(to.getDescriptor().substring(1));
                Type f = Type.getType(from.getDescriptor().substring(1));
                if (isReferenceSort(t) && isReferenceSort(f)) {
                    return isAssignableFrom(t, f);
                }
                return t.equals(f);
            }
            if (to.getSort() != Type.OBJECT) {
                return false;
            }
            if (from.getSort() == Type.ARRAY) {
                return to.getInternalName().equals("java/lang/Object") || isInterface(to);
            }
            if (from.getSort() != Type.OBJECT) {
                return false;
            }
            return hierarchy.isSubclass(from.getInternalName(), to.getInternalName());
        }

        /**
         * Like SimpleVerifier's, without loading classes: a value passed where an interface is
         * expected is accepted, as the JVM verifier does (merges only yield classes).
         */
        @Override
        protected boolean isSubTypeOf(BasicValue value, BasicValue expected) {
            Type e = expected.getType();
            Type t = value.getType();
            if (e != null && t != null && isReferenceSort(e) && isReferenceSort(t)) {
                if (t.getSort() == Type.OBJECT && t.getInternalName().equals("null")) {
                    return true;
                }
                return isAssignableFrom(e, t) || isInterface(e);
            }
            return super.isSubTypeOf(value, expected);
        }

        @Override
        protected Class<?> getClass(Type type) {
            throw new IllegalStateException("weft weaver: must not load " + type.getClassName() + " while weaving");
        }

        private static boolean isReferenceSort(Type t) {
            return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
        }
    }
}
