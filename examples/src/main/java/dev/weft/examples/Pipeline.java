package dev.weft.examples;

import dev.weft.Channel;
import dev.weft.Microthread;
import dev.weft.Microthreads;
import dev.weft.Scheduler;

/**
 * The seed's micro_pipes: a producer, a filter and a consumer, each its own microthread, joined
 * by channels that {@link Microthreads#generate} creates and feeds. The consumer stops early and
 * closes its channel; the filter's next send then fails, it closes its own input in turn, and the
 * producer's {@code finally} runs: nothing is left running and nothing hangs.
 *
 * <p>Run: {@code java -cp <classpath> dev.weft.examples.Pipeline}
 */
public final class Pipeline {
    private Pipeline() {
    }

    public static void main(String[] args) {
        Scheduler scheduler = Scheduler.builder().name("pipeline").virtualTime().build();
        scheduler.run(() -> {
            // producer: the natural numbers, one every 10 ms of (virtual) time
            Channel<Integer> numbers = Microthreads.generate(sink -> {
                try {
                    for (int i = 2; ; i++) {
                        sink.send(i);
                        Microthread.sleep(10);
                    }
                } finally {
                    System.out.println("producer: stopped, its channel was closed by the reader");
                }
            });
            // filter: only the primes pass
            Channel<Integer> primes = Microthreads.generate(sink -> {
                try {
                    for (int n : numbers) {
                        if (isPrime(n)) {
                            sink.send(n);
                        }
                    }
                } finally {
                    numbers.close(); // tell the producer nobody listens any more
                    System.out.println("filter: stopped");
                }
            });
            // consumer: the first ten primes
            StringBuilder got = new StringBuilder();
            int taken = 0;
            for (int p : primes) {
                got.append(taken == 0 ? "" : " ").append(p);
                if (++taken == 10) {
                    break;
                }
            }
            primes.close();
            System.out.println("consumer: the first ten primes are " + got + ", after "
                    + Scheduler.current().clock().nanoTime() / 1_000_000 + " ms of virtual time");
        });
        System.out.println("backend: " + scheduler.backend() + "; every microthread has ended");
    }

    static boolean isPrime(int n) {
        for (int d = 2; d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return n >= 2;
    }
}
