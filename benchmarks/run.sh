#!/usr/bin/env bash
# weft's benchmarks, all of them, and their charts: one command (see benchmarks/README.md).
#
#   mvn -B -ntp package -DskipTests        # first, once: builds the JMH jar and weft's agent
#   benchmarks/run.sh [--short] [--no-jdk17] [--no-memory] [--memory-count N]
#
# Writes benchmarks/results/<UTC date-time>-{short|full}/ (JMH JSON per pass, the ParkedMemory
# output, the logs, environment.md, tables.md) and the charts with their page into
# benchmarks/charts/. Passes, in order:
#   1. JMH on JDK 25: every workload (weft loom, raw JDK, Kotlin contenders), without the
#      fallback classes                                              -> jmh-jdk25.json
#   2. JMH on JDK 25: the fallback contenders (forks with weft's agent), longer warm-up: every
#      workload but the JDK-only ones, and the woven-call overhead    -> jmh-fallback-jdk25.json
#   3. JMH on JDK 17: the same fallback contenders, compiled for 17  -> jmh-fallback-jdk17.json
#   4. ParkedMemory on JDK 25 (three JVMs of its own, -Xmx8g each)   -> parked-memory.txt
#   5. dev.weft.benchmarks.report.Charts over the directory          -> benchmarks/charts/
#
# Environment: JAVA25 / JAVA17 (a JDK's home or its bin/java; default /usr/lib/jvm/temurin-25-jdk-amd64
# and /usr/lib/jvm/java-17-openjdk-amd64), M2_REPO (Maven's local repository, for JMH's annotation
# processor in pass 3; default ~/.m2/repository), JMH_SETTINGS / JMH_FALLBACK_SETTINGS (replace
# the JMH settings of passes 1 / 2-3, e.g. for a quick trial of this script).
set -euo pipefail

usage() {
    sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"
}

args="$*"
mode=full
jdk17=yes
memory=yes
memory_count=1000000
while (($#)); do
    case "$1" in
        --short) mode=short ;;
        --no-jdk17) jdk17=no ;;
        --no-memory) memory=no ;;
        --memory-count)
            [[ $# -ge 2 && $2 =~ ^[0-9_]+$ ]] || { echo "run.sh: --memory-count needs a number, e.g. --memory-count 100000" >&2; exit 2; }
            memory_count=$2
            shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# A JDK's java from a home or a java path; fails naming the variable to set.
find_java() { # NAME VARIABLE DEFAULT_HOME FEATURE
    local name=$1 given=$2 default=$3 feature=$4 java
    if [[ -n $given ]]; then
        if [[ -x $given/bin/java ]]; then java=$given/bin/java; else java=$given; fi
    else
        java=$default/bin/java
    fi
    if [[ ! -x $java ]]; then
        echo "run.sh: no JDK $feature java at '$java'; set $name to a JDK $feature home (or its bin/java)" >&2
        return 1
    fi
    local version
    version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    if [[ $version != "$feature" ]]; then
        echo "run.sh: $java is JDK '$version', not $feature; set $name to a JDK $feature home (or its bin/java)" >&2
        return 1
    fi
    echo "$java"
}

java25=$(find_java JAVA25 "${JAVA25:-}" /usr/lib/jvm/temurin-25-jdk-amd64 25)
java17=
if [[ $jdk17 == yes ]]; then
    if ! java17=$(find_java JAVA17 "${JAVA17:-}" /usr/lib/jvm/java-17-openjdk-amd64 17); then
        echo "run.sh: without a JDK 17, pass --no-jdk17 to skip the JDK 17 fallback pass" >&2
        exit 1
    fi
fi

shopt -s nullglob
jars=(benchmarks/target/weft-benchmarks-*-all.jar)
agents=()
for a in fallback-backend/target/weft-fallback-*.jar; do
    [[ $a == *-sources.jar || $a == *-javadoc.jar || $a == *-tests.jar ]] || agents+=("$a")
done
shopt -u nullglob
if ((${#jars[@]} != 1)) || ((${#agents[@]} != 1)); then
    echo "run.sh: expected one benchmarks/target/weft-benchmarks-*-all.jar and one fallback-backend/target/weft-fallback-*.jar," \
         "found ${#jars[@]} and ${#agents[@]}; build them first: mvn -B -ntp package -DskipTests" >&2
    exit 1
fi
jar=${jars[0]}

if [[ $mode == short ]]; then
    # Issue "weft 3": short mode is -f 1 -wi 2 -i 3; 1 s iterations. The fallback contenders get
    # 5 warm-up iterations: woven code needs several seconds of C2 (RESULTS.md, "Fallback backend").
    settings=${JMH_SETTINGS:--f 1 -wi 2 -w 1s -i 3 -r 1s}
    fallback_settings=${JMH_FALLBACK_SETTINGS:--f 1 -wi 5 -w 1s -i 3 -r 1s}
else
    settings=${JMH_SETTINGS:--f 3 -wi 5 -w 1s -i 10 -r 1s}
    fallback_settings=${JMH_FALLBACK_SETTINGS:--f 3 -wi 8 -w 1s -i 10 -r 1s}
fi
# The classes whose forks run with weft's agent: Fallback<Workload>Benchmark (workloads 1 to 6)
# and WovenCallBenchmark. A regex over JMH's benchmark names; pass 1 excludes them.
fallback_classes='\.Fallback[A-Za-z]*Benchmark\.|\.WovenCallBenchmark\.'

out=benchmarks/results/$(date -u +%Y-%m-%d-%H%M)-$mode
if [[ -e $out ]]; then
    echo "run.sh: $out exists already (a run started this minute); wait a minute and rerun" >&2
    exit 1
fi
mkdir -p "$out"
echo "run.sh: $mode mode, results in $out"
failures=0
step() { echo; echo "== $(date -u +%H:%M:%S) $*"; }

# JMH pass: NAME JAVA CLASSPATH SETTINGS JMH-ARGS...; JMH's output goes to NAME.log as well.
jmh() {
    local name=$1 java=$2 cp=$3 opts=$4
    shift 4
    local start=$SECONDS
    # shellcheck disable=SC2086 # the settings are words on purpose
    "$java" -cp "$cp" org.openjdk.jmh.Main "$@" $opts -rf json -rff "$out/$name.json" 2>&1 | tee "$out/$name.log"
    if grep -q '<failure>' "$out/$name.log"; then
        echo "run.sh: some benchmarks of $name failed; see <failure> in $out/$name.log" >&2
        failures=$((failures + 1))
    fi
    echo "run.sh: $name took $((SECONDS - start)) s"
}

{
    echo "# Environment of this run"
    echo
    echo "* started: $(date -u '+%Y-%m-%d %H:%M:%S') UTC, mode $mode; command: benchmarks/run.sh $args"
    echo "* commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "* machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)"
    echo "* load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "* JDK 25: $("$java25" -version 2>&1 | head -2 | tail -1) ($java25)"
    if [[ -n $java17 ]]; then
        echo "* JDK 17: $("$java17" -version 2>&1 | head -2 | tail -1) ($java17)"
    fi
    echo "* JMH settings: $settings; fallback contenders: $fallback_settings"
} >"$out/environment.md"

step "1/5 JMH on JDK 25, every workload but the fallback classes ($settings)"
jmh jmh-jdk25 "$java25" "$jar" "$settings" -e "$fallback_classes"

step "2/5 JMH on JDK 25, the fallback contenders ($fallback_settings)"
jmh jmh-fallback-jdk25 "$java25" "$jar" "$fallback_settings" "$fallback_classes"

if [[ $jdk17 == yes ]]; then
    step "3/5 JMH on JDK 17, the fallback contenders ($fallback_settings)"
    # The module is compiled for Java 21 (class files a JDK 17 cannot load), so the fallback
    # contenders and what they use are compiled again here, for 17, by JDK 25's javac, which can
    # still read GeneratorBenchmark's constant from the jar. With these classes first on the class
    # path, JMH finds only their BenchmarkList. If a fork fails with UnsupportedClassVersionError,
    # a class these sources use is missing from the list below: Fallback*.java (the contenders,
    # their base class, the agent check), *Workload.java (the bodies they share with the loom
    # contenders) and what those use.
    m2=${M2_REPO:-$HOME/.m2/repository}
    jmh_version=$(sed -n 's:.*<jmh.version>\(.*\)</jmh.version>.*:\1:p' benchmarks/pom.xml)
    processor=$m2/org/openjdk/jmh/jmh-generator-annprocess/$jmh_version/jmh-generator-annprocess-$jmh_version.jar
    core=$m2/org/openjdk/jmh/jmh-core/$jmh_version/jmh-core-$jmh_version.jar
    if [[ ! -f $processor || ! -f $core ]]; then
        echo "run.sh: JMH's annotation processor is not in $m2 ($processor); set M2_REPO to the Maven repository" \
             "the build used (mvn ... -Dmaven.repo.local=DIR), or pass --no-jdk17" >&2
        exit 1
    fi
    classes17=benchmarks/target/jdk17-classes
    rm -rf "$classes17"
    mkdir -p "$classes17"
    src=benchmarks/src/main/java/dev/weft/benchmarks
    "${java25%/java}/javac" --release 17 -proc:full -processorpath "$processor:$core" \
        -cp "$jar:${agents[0]}" -d "$classes17" \
        "$src"/Fallback*.java "$src"/*Workload.java "$src/WeftRun.java" "$src/GeneratorDepth.java" \
        "$src/WovenCallBenchmark.java" "$src/WovenCopy.java" "$src/Jvm.java" "$src/calls/Fib.java" "$src/calls/FibVia.java" "$src/calls/FibViaInterface.java" "$src/calls/FibLike.java" "$src/calls/Checksum.java" "$src/calls/ChecksumVia.java" "$src/calls/Mixer.java" \
        benchmarks/target/generated-sources/java-templates/dev/weft/benchmarks/AgentJar.java
    jmh jmh-fallback-jdk17 "$java17" "$classes17:$jar" "$fallback_settings" "$fallback_classes"
else
    step "3/5 JMH on JDK 17: skipped (--no-jdk17)"
fi

if [[ $memory == yes ]]; then
    step "4/5 ParkedMemory on JDK 25, $memory_count threads of control per contender"
    start=$SECONDS
    "$java25" -cp "$jar" dev.weft.benchmarks.ParkedMemory "$memory_count" 2>&1 | tee "$out/parked-memory.txt"
    echo "run.sh: ParkedMemory took $((SECONDS - start)) s"
else
    step "4/5 ParkedMemory: skipped (--no-memory)"
fi

echo "* load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); total $SECONDS s" >>"$out/environment.md"

step "5/5 charts and tables"
"$java25" -Djava.awt.headless=true -cp "$jar" dev.weft.benchmarks.report.Charts --charts benchmarks/charts "$out" \
    | tee "$out/tables.md"

echo
echo "run.sh: done in $SECONDS s: $out, benchmarks/charts/README.md"
if ((failures)); then
    echo "run.sh: $failures JMH pass(es) had failing benchmarks (see above)" >&2
    exit 1
fi
