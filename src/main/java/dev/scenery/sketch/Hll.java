package dev.scenery.sketch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A HyperLogLog distinct-count sketch that reads and writes the storage format of the
 * PostgreSQL {@code hll} extension (schema version 1), the same bytes that the Java library
 * {@code net.agkn:hll} produces.
 *
 * <p>A sketch moves up a hierarchy as values are added: {@link Representation#EMPTY}, then an
 * exact sorted set of hashes ({@link Representation#EXPLICIT}), then a map of the non-zero
 * registers ({@link Representation#SPARSE}), then every register ({@link Representation#FULL}).
 * The promotion points are those of {@code net.agkn.hll.HLL} with {@code expthresh = -1} and
 * {@code sparseon = true}, so {@link #toBytes()} is byte for byte what that library writes for
 * the same contents. PostgreSQL reads all of these forms; its own writer may choose SPARSE a
 * little longer than this class does (see {@link #toBytes()}).
 *
 * <p>Instances are mutable and not thread-safe. Ours, not a library's: no maintained library writes
 * postgresql-hll's format with the register histogram the improved estimator ({@link #improvedCardinality}) needs.
 */
public final class Hll {

    /** The storage forms of a sketch, in promotion order; the ordinal + 1 is the type code on disk. */
    public enum Representation { EMPTY, EXPLICIT, SPARSE, FULL }

    static final int MIN_LOG2M = 4;
    /** Same upper bound as net.agkn.hll; PostgreSQL itself only accepts log2m up to 17. */
    static final int MAX_LOG2M = 30;
    static final int MIN_REGWIDTH = 1;
    static final int MAX_REGWIDTH = 8;

    private static final int SCHEMA_VERSION = 1;
    private static final int HEADER_BYTES = 3;
    /** Cutoff-byte codes from the spec: 0 = explicit off, 63 = automatic threshold. */
    private static final int CUTOFF_OFF = 0;
    private static final int CUTOFF_AUTO = 63;
    /** net.agkn.hll caps the automatic explicit threshold at 2^17 elements. */
    private static final int MAX_EXPLICIT_THRESHOLD = 1 << 17;
    private static final Representation[] REPRESENTATIONS = Representation.values();

    /** 1.0 / (1L << r) with Java's shift semantics, exactly the terms the reference estimators sum. */
    private static final double[] INVERSE_POW2 = new double[256];

    static {
        for (int r = 0; r < INVERSE_POW2.length; r++) {
            INVERSE_POW2[r] = 1.0 / (1L << r);
        }
    }

    private final int log2m;
    private final int regwidth;
    private final int cutoff;
    private final boolean sparseOn;
    private final int explicitThreshold;
    private final int sparseThreshold;
    private final int maxRegister;

    private Representation type = Representation.EMPTY;
    /** EXPLICIT: distinct hashes in ascending signed order. */
    private long[] explicit;
    private int explicitSize;
    /** SPARSE: ascending register indices and their (non-zero, unsigned) values. */
    private int[] sparseIndex;
    private byte[] sparseValue;
    private int sparseSize;
    /** FULL: one unsigned byte per register. */
    private byte[] registers;

    private Hll(int log2m, int regwidth, int cutoff, boolean sparseOn) {
        this.log2m = log2m;
        this.regwidth = regwidth;
        this.cutoff = cutoff;
        this.sparseOn = sparseOn;
        this.maxRegister = (1 << regwidth) - 1;
        this.explicitThreshold = explicitThreshold(log2m, regwidth, cutoff);
        this.sparseThreshold = sparseOn ? sparseThreshold(log2m, regwidth) : 0;
    }

    /**
     * An empty sketch with automatic explicit threshold ({@code expthresh = -1}) and the sparse
     * form enabled, like {@code hll_empty(log2m, regwidth)}.
     *
     * @param log2m    log2 of the register count, 4 to 30 (PostgreSQL accepts at most 17)
     * @param regwidth bits per register, 1 to 8 (PostgreSQL's {@code hll_empty} accepts at most 7)
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static Hll create(int log2m, int regwidth) {
        checkParameters(log2m, regwidth);
        return new Hll(log2m, regwidth, CUTOFF_AUTO, true);
    }

    /**
     * The 64-bit hash of a string exactly as PostgreSQL's {@code hll_hash_text(value)} computes
     * it (default seed 0): MurmurHash3 x64_128 of the UTF-8 bytes, first 64-bit half. The empty
     * string hashes to 0. PostgreSQL hashes text in the database encoding, so this matches in
     * UTF8 databases. ASCII strings are hashed without allocating.
     */
    public static long hashOf(String value) {
        Objects.requireNonNull(value, "value");
        int length = value.length();
        for (int i = 0; i < length; i++) {
            if (value.charAt(i) >= 0x80) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                return murmur3(null, bytes, bytes.length);
            }
        }
        return murmur3(value, null, length);
    }

    /**
     * Adds an already hashed value, like {@code hll_add} or net.agkn's {@code addRaw}. The low
     * log2m bits choose the register; a hash whose remaining bits are all zero changes no
     * register, though it is still counted while the sketch is EXPLICIT.
     */
    public void add(long hash) {
        switch (type) {
            case EMPTY -> {
                if (explicitThreshold > 0) {
                    type = Representation.EXPLICIT;
                    explicit = new long[8];
                    explicit[0] = hash;
                    explicitSize = 1;
                } else if (sparseOn) {
                    toEmptySparse();
                    sparseAdd(hash);
                } else {
                    toEmptyFull();
                    fullAdd(hash);
                }
            }
            case EXPLICIT -> {
                explicitAdd(hash);
                if (explicitSize > explicitThreshold) {
                    promoteExplicit();
                }
            }
            case SPARSE -> {
                sparseAdd(hash);
                promoteSparseIfOver();
            }
            case FULL -> fullAdd(hash);
        }
    }

    /**
     * Merges {@code other} into this sketch (set union). {@code other} is not changed.
     *
     * @throws IllegalArgumentException unless both have the same log2m, regwidth, explicit
     *                                  threshold setting and sparse setting (as PostgreSQL requires)
     */
    public void union(Hll other) {
        Objects.requireNonNull(other, "other");
        if (log2m != other.log2m || regwidth != other.regwidth
                || cutoff != other.cutoff || sparseOn != other.sparseOn) {
            throw new IllegalArgumentException("cannot union sketches with different parameters: "
                    + describeParameters() + " vs " + other.describeParameters());
        }
        if (other == this || other.type == Representation.EMPTY) {
            return;
        }
        switch (type) {
            case EMPTY -> unionIntoEmpty(other);
            case EXPLICIT -> unionIntoExplicit(other);
            case SPARSE -> unionIntoSparse(other);
            case FULL -> unionIntoFull(other);
        }
    }

    /**
     * The estimated number of distinct values: exact while EXPLICIT, otherwise the HyperLogLog
     * estimate (with the small- and large-range corrections) rounded up, the same number as
     * net.agkn's {@code cardinality()} and {@code ceil(hll_cardinality(...))} in PostgreSQL.
     * For regwidth 6 or more the large-range correction is computed without the 64-bit
     * overflow that makes those two libraries return 0 or NaN.
     */
    public long cardinality() {
        return switch (type) {
            case EMPTY -> 0;
            case EXPLICIT -> explicitSize;
            case SPARSE, FULL -> (long) Math.ceil(estimate());
        };
    }

    /**
     * The sketch in storage format version 1: a 3-byte header (version and type, register width
     * and log2m, sparse flag and explicit cutoff) followed by the data of the current form.
     * These are the bytes net.agkn.hll writes for the same contents and history; PostgreSQL
     * accepts them ({@code '\x..'::bytea::hll}). PostgreSQL's own writer, which decides by size,
     * may still pick SPARSE where this class has moved to FULL (for 14/5 when 4,097 to 4,311
     * registers are set); both decode to the same registers.
     */
    public byte[] toBytes() {
        byte[] out;
        switch (type) {
            case EMPTY -> out = new byte[HEADER_BYTES];
            case EXPLICIT -> {
                out = new byte[HEADER_BYTES + 8 * explicitSize];
                int pos = HEADER_BYTES;
                for (int i = 0; i < explicitSize; i++) {
                    long v = explicit[i];
                    for (int shift = 56; shift >= 0; shift -= 8) {
                        out[pos++] = (byte) (v >>> shift);
                    }
                }
            }
            case SPARSE -> {
                int wordBits = log2m + regwidth;
                out = new byte[HEADER_BYTES + packedLength((long) sparseSize * wordBits)];
                // 64-bit accumulator, flushed as whole big-endian longs
                int pos = HEADER_BYTES;
                long acc = 0;
                int used = 0;
                for (int i = 0; i < sparseSize; i++) {
                    long word = ((long) sparseIndex[i] << regwidth) | (sparseValue[i] & 0xff);
                    int free = 64 - used;
                    if (wordBits < free) {
                        acc |= word << (free - wordBits);
                        used += wordBits;
                    } else {
                        int spill = wordBits - free;
                        BIG_ENDIAN_LONG.set(out, pos, acc | (word >>> spill));
                        pos += 8;
                        acc = spill == 0 ? 0 : word << (64 - spill);
                        used = spill;
                    }
                }
                for (int shift = 56; used > 0; shift -= 8, used -= 8) {
                    out[pos++] = (byte) (acc >>> shift);
                }
            }
            case FULL -> {
                out = new byte[HEADER_BYTES + (registers.length >>> 3) * regwidth];
                if (regwidth == 5) {
                    packFull(registers, out, 5); // constant width lets the JIT unroll the common case
                } else {
                    packFull(registers, out, regwidth);
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
        out[0] = (byte) ((SCHEMA_VERSION << 4) | (type.ordinal() + 1));
        out[1] = (byte) (((regwidth - 1) << 5) | log2m);
        out[2] = (byte) ((sparseOn ? 0x40 : 0) | cutoff);
        return out;
    }

    /**
     * Reads a sketch in storage format version 1 (EMPTY, EXPLICIT, SPARSE or FULL), as written by
     * PostgreSQL, net.agkn.hll or {@link #toBytes()}. The explicit-threshold and sparse settings
     * of the header are kept and written back.
     *
     * @throws IllegalArgumentException for an UNDEFINED sketch, another schema version, or bytes
     *                                  that are truncated or otherwise inconsistent
     */
    public static Hll fromBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER_BYTES) {
            throw malformed("needs at least " + HEADER_BYTES + " header bytes, got " + bytes.length);
        }
        int version = (bytes[0] >>> 4) & 0xf;
        int typeCode = bytes[0] & 0xf;
        if (version != SCHEMA_VERSION) {
            throw malformed("unsupported schema version " + version + " (only 1 is supported)");
        }
        if (typeCode == 0) {
            throw malformed("UNDEFINED hll (type 0) cannot be used");
        }
        if (typeCode > 4) {
            throw malformed("unknown type " + typeCode);
        }
        int regwidth = ((bytes[1] >>> 5) & 0x7) + 1;
        int log2m = bytes[1] & 0x1f;
        if (log2m < MIN_LOG2M || log2m > MAX_LOG2M) {
            throw malformed("log2m " + log2m + " is outside " + MIN_LOG2M + ".." + MAX_LOG2M);
        }
        int cutoff = bytes[2] & 0x3f;
        if (cutoff > 31 && cutoff != CUTOFF_AUTO) {
            throw malformed("invalid explicit cutoff " + cutoff + " (must be 0, 1..31 or 63)");
        }
        boolean sparseOn = (bytes[2] & 0x40) != 0;
        Hll hll = new Hll(log2m, regwidth, cutoff, sparseOn);
        int dataLength = bytes.length - HEADER_BYTES;
        switch (REPRESENTATIONS[typeCode - 1]) {
            case EMPTY -> {
                if (dataLength != 0) {
                    throw malformed("EMPTY hll must be exactly 3 bytes, got " + bytes.length);
                }
            }
            case EXPLICIT -> hll.readExplicit(bytes, dataLength);
            case SPARSE -> hll.readSparse(bytes, dataLength);
            case FULL -> hll.readFull(bytes, dataLength);
        }
        return hll;
    }

    /** log2 of the register count. */
    public int log2m() {
        return log2m;
    }

    /** Bits per register. */
    public int regwidth() {
        return regwidth;
    }

    /** The current storage form. */
    public Representation representation() {
        return type;
    }

    /** The standard error of the estimate for 2^log2m registers: 1.04 / sqrt(2^log2m). */
    /**
     * The estimated number of distinct values by Ertl's improved estimator ("New cardinality
     * estimation algorithms for HyperLogLog sketches", 2017), computed from the histogram of
     * register values: exact while EXPLICIT, and without the bias of {@link #cardinality()} where
     * that one switches from linear counting to the raw estimate (around 2.5 × 2^log2m values:
     * +2.3% on average at 82,000 values for log2m 15). It can differ slightly from
     * PostgreSQL's {@code hll_cardinality}, which has that bias.
     */
    public long improvedCardinality() {
        if (type == Representation.EMPTY) {
            return 0;
        }
        if (type == Representation.EXPLICIT) {
            return explicitSize;
        }
        int m = 1 << log2m;
        int[] counts = new int[maxRegister + 1];
        if (type == Representation.FULL) {
            for (byte r : registers) {
                counts[r & 0xff]++;
            }
        } else {
            counts[0] = m - sparseSize;
            for (int i = 0; i < sparseSize; i++) {
                counts[sparseValue[i] & 0xff]++;
            }
        }
        // register values 0..q+1, the top one meaning "q+1 or more" (regwidth caps the rank)
        int q = maxRegister - 1;
        double z = m * tau(1.0 - (double) counts[q + 1] / m);
        for (int k = q; k >= 1; k--) {
            z = 0.5 * (z + counts[k]);
        }
        z += m * sigma((double) counts[0] / m);
        return Math.round((double) m * m / (2 * Math.log(2)) / z);
    }

    private static double sigma(double x) {
        if (x == 1.0) {
            return Double.POSITIVE_INFINITY;
        }
        double y = 1;
        double z = x;
        double previous;
        do {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        } while (z != previous);
        return z;
    }

    private static double tau(double x) {
        if (x == 0.0 || x == 1.0) {
            return 0.0;
        }
        double y = 1.0;
        double z = 1 - x;
        double previous;
        do {
            x = Math.sqrt(x);
            previous = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (z != previous);
        return z / 3;
    }

    /** The length of {@link #toBytes()}, without encoding. */
    public int storageBytes() {
        return HEADER_BYTES + switch (type) {
            case EMPTY -> 0;
            case EXPLICIT -> 8 * explicitSize;
            case SPARSE -> packedLength((long) sparseSize * (log2m + regwidth));
            case FULL -> (registers.length >>> 3) * regwidth;
        };
    }

    public static double relativeStandardError(int log2m) {
        return 1.04 / Math.sqrt(Math.pow(2, log2m));
    }

    @Override
    public String toString() {
        int entries = switch (type) {
            case EMPTY -> 0;
            case EXPLICIT -> explicitSize;
            case SPARSE -> sparseSize;
            case FULL -> registers.length;
        };
        return "Hll{" + type + ", " + entries + " entries, " + describeParameters() + "}";
    }

    // ---------------------------------------------------------------- thresholds

    static void checkParameters(int log2m, int regwidth) {
        if (log2m < MIN_LOG2M || log2m > MAX_LOG2M) {
            throw new IllegalArgumentException(
                    "log2m must be " + MIN_LOG2M + ".." + MAX_LOG2M + ", was " + log2m);
        }
        if (regwidth < MIN_REGWIDTH || regwidth > MAX_REGWIDTH) {
            throw new IllegalArgumentException(
                    "regwidth must be " + MIN_REGWIDTH + ".." + MAX_REGWIDTH + ", was " + regwidth);
        }
    }

    /**
     * Largest EXPLICIT size before promotion. Automatic mode: as many 8-byte hashes as fit in the
     * FULL form's size (postgresql-hll's rule; 1,280 for 14/5), capped at 2^17 like net.agkn.
     */
    static int explicitThreshold(int log2m, int regwidth, int cutoff) {
        if (cutoff == CUTOFF_OFF) {
            return 0;
        }
        if (cutoff == CUTOFF_AUTO) {
            long fullBytes = (((long) regwidth << log2m) + 7) / 8;
            return (int) Math.min(fullBytes / 8, MAX_EXPLICIT_THRESHOLD);
        }
        return 1 << (cutoff - 1);
    }

    /**
     * Largest SPARSE size before promotion to FULL (net.agkn's rule): the largest power of two not
     * above {@code m * regwidth / (log2m + regwidth)}; 4,096 for 14/5.
     */
    static int sparseThreshold(int log2m, int regwidth) {
        long fit = ((long) regwidth << log2m) / (log2m + regwidth);
        return 1 << (63 - Long.numberOfLeadingZeros(fit));
    }

    int explicitThreshold() {
        return explicitThreshold;
    }

    int sparseThreshold() {
        return sparseThreshold;
    }

    /** All m register values (unsigned), for tests; null while EMPTY or EXPLICIT. */
    int[] registerValues() {
        if (type != Representation.SPARSE && type != Representation.FULL) {
            return null;
        }
        int[] values = new int[1 << log2m];
        if (type == Representation.FULL) {
            for (int i = 0; i < values.length; i++) {
                values[i] = registers[i] & 0xff;
            }
        } else {
            for (int i = 0; i < sparseSize; i++) {
                values[sparseIndex[i]] = sparseValue[i] & 0xff;
            }
        }
        return values;
    }

    private String describeParameters() {
        String expthresh = cutoff == CUTOFF_AUTO ? "-1" : cutoff == CUTOFF_OFF ? "0"
                : String.valueOf(explicitThreshold);
        return "log2m=" + log2m + ", regwidth=" + regwidth + ", expthresh=" + expthresh
                + ", sparseon=" + (sparseOn ? 1 : 0);
    }

    // ---------------------------------------------------------------- hashing into registers

    /** The register value a hash proposes: 1 + trailing zeros above the index bits, capped; 0 if none. */
    private int rank(long hash) {
        long rest = hash >>> log2m;
        if (rest == 0) {
            return 0;
        }
        int rank = Long.numberOfTrailingZeros(rest) + 1;
        return Math.min(rank, maxRegister);
    }

    private int registerIndex(long hash) {
        return (int) (hash & ((1 << log2m) - 1));
    }

    // ---------------------------------------------------------------- EXPLICIT

    private void explicitAdd(long hash) {
        int pos = Arrays.binarySearch(explicit, 0, explicitSize, hash);
        if (pos >= 0) {
            return;
        }
        int insert = -pos - 1;
        if (explicitSize == explicit.length) {
            explicit = Arrays.copyOf(explicit, Math.max(8, explicitSize * 2));
        }
        System.arraycopy(explicit, insert, explicit, insert + 1, explicitSize - insert);
        explicit[insert] = hash;
        explicitSize++;
    }

    /** EXPLICIT over its threshold: re-add every hash to SPARSE (no SPARSE check, as net.agkn) or FULL. */
    private void promoteExplicit() {
        long[] values = explicit;
        int count = explicitSize;
        dropExplicit();
        if (sparseOn) {
            toEmptySparse();
            sparseAddAll(values, count);
        } else {
            toEmptyFull();
            for (int i = 0; i < count; i++) {
                fullAdd(values[i]);
            }
        }
    }

    private void dropExplicit() {
        explicit = null;
        explicitSize = 0;
    }

    // ---------------------------------------------------------------- SPARSE

    private void toEmptySparse() {
        type = Representation.SPARSE;
        sparseIndex = new int[16];
        sparseValue = new byte[16];
        sparseSize = 0;
    }

    private void sparseAdd(long hash) {
        int rank = rank(hash);
        if (rank == 0) {
            return;
        }
        int index = registerIndex(hash);
        int pos = Arrays.binarySearch(sparseIndex, 0, sparseSize, index);
        if (pos >= 0) {
            if (rank > (sparseValue[pos] & 0xff)) {
                sparseValue[pos] = (byte) rank;
            }
            return;
        }
        int insert = -pos - 1;
        if (sparseSize == sparseIndex.length) {
            int capacity = Math.max(16, sparseSize + (sparseSize >> 1));
            sparseIndex = Arrays.copyOf(sparseIndex, capacity);
            sparseValue = Arrays.copyOf(sparseValue, capacity);
        }
        int tail = sparseSize - insert;
        System.arraycopy(sparseIndex, insert, sparseIndex, insert + 1, tail);
        System.arraycopy(sparseValue, insert, sparseValue, insert + 1, tail);
        sparseIndex[insert] = index;
        sparseValue[insert] = (byte) rank;
        sparseSize++;
    }

    /** Adds many hashes to SPARSE at once: one sort and one merge instead of many inserts. */
    private void sparseAddAll(long[] hashes, int count) {
        long[] keys = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            int rank = rank(hashes[i]);
            if (rank != 0) {
                keys[n++] = ((long) registerIndex(hashes[i]) << 8) | rank;
            }
        }
        Arrays.sort(keys, 0, n);
        int[] index = new int[n];
        byte[] value = new byte[n];
        int unique = 0;
        for (int i = 0; i < n; i++) {
            // sorted by (index, rank): the last key of each index carries the largest rank
            if (i + 1 < n && (keys[i + 1] >>> 8) == (keys[i] >>> 8)) {
                continue;
            }
            index[unique] = (int) (keys[i] >>> 8);
            value[unique] = (byte) keys[i];
            unique++;
        }
        sparseMerge(index, value, unique);
    }

    /** Merges sorted (index, value) pairs into the SPARSE arrays, keeping the larger value. */
    private void sparseMerge(int[] otherIndex, byte[] otherValue, int otherSize) {
        if (otherSize == 0) {
            return;
        }
        int[] index = new int[sparseSize + otherSize];
        byte[] value = new byte[index.length];
        int a = 0;
        int b = 0;
        int n = 0;
        while (a < sparseSize && b < otherSize) {
            int ia = sparseIndex[a];
            int ib = otherIndex[b];
            if (ia < ib) {
                index[n] = ia;
                value[n++] = sparseValue[a++];
            } else if (ib < ia) {
                index[n] = ib;
                value[n++] = otherValue[b++];
            } else {
                index[n] = ia;
                value[n++] = (sparseValue[a] & 0xff) >= (otherValue[b] & 0xff) ? sparseValue[a] : otherValue[b];
                a++;
                b++;
            }
        }
        while (a < sparseSize) {
            index[n] = sparseIndex[a];
            value[n++] = sparseValue[a++];
        }
        while (b < otherSize) {
            index[n] = otherIndex[b];
            value[n++] = otherValue[b++];
        }
        sparseIndex = index;
        sparseValue = value;
        sparseSize = n;
    }

    private void promoteSparseIfOver() {
        if (sparseSize > sparseThreshold) {
            int[] index = sparseIndex;
            byte[] value = sparseValue;
            int size = sparseSize;
            dropSparse();
            toEmptyFull();
            for (int i = 0; i < size; i++) {
                registers[index[i]] = value[i];
            }
        }
    }

    private void dropSparse() {
        sparseIndex = null;
        sparseValue = null;
        sparseSize = 0;
    }

    // ---------------------------------------------------------------- FULL

    private void toEmptyFull() {
        type = Representation.FULL;
        registers = new byte[1 << log2m];
    }

    private void fullAdd(long hash) {
        int rank = rank(hash);
        int index = registerIndex(hash);
        if ((registers[index] & 0xff) < rank) {
            registers[index] = (byte) rank;
        }
    }

    private void fullMergeSparse(int[] index, byte[] value, int size) {
        byte[] regs = registers;
        for (int i = 0; i < size; i++) {
            int j = index[i];
            if ((regs[j] & 0xff) < (value[i] & 0xff)) {
                regs[j] = value[i];
            }
        }
    }

    // ---------------------------------------------------------------- union (net.agkn's transitions)

    private void unionIntoEmpty(Hll other) {
        switch (other.type) {
            case EXPLICIT -> {
                if (other.explicitSize <= explicitThreshold) {
                    type = Representation.EXPLICIT;
                    explicit = Arrays.copyOf(other.explicit, Math.max(8, other.explicitSize));
                    explicitSize = other.explicitSize;
                } else if (sparseOn) {
                    toEmptySparse();
                    sparseAddAll(other.explicit, other.explicitSize);
                    promoteSparseIfOver();
                } else {
                    toEmptyFull();
                    for (int i = 0; i < other.explicitSize; i++) {
                        fullAdd(other.explicit[i]);
                    }
                }
            }
            case SPARSE -> copySparseFrom(other);
            case FULL -> {
                type = Representation.FULL;
                registers = other.registers.clone();
            }
            default -> { }
        }
    }

    private void copySparseFrom(Hll other) {
        if (sparseOn) {
            type = Representation.SPARSE;
            sparseIndex = Arrays.copyOf(other.sparseIndex, Math.max(16, other.sparseSize));
            sparseValue = Arrays.copyOf(other.sparseValue, sparseIndex.length);
            sparseSize = other.sparseSize;
        } else {
            toEmptyFull();
            fullMergeSparse(other.sparseIndex, other.sparseValue, other.sparseSize);
        }
    }

    private void unionIntoExplicit(Hll other) {
        switch (other.type) {
            case EXPLICIT -> {
                if (other.explicitSize == 0) {
                    return;
                }
                long[] merged = new long[explicitSize + other.explicitSize];
                int mergedSize = mergeSorted(explicit, explicitSize, other.explicit, other.explicitSize, merged);
                if (mergedSize <= explicitThreshold) {
                    explicit = merged;
                    explicitSize = mergedSize;
                } else {
                    dropExplicit();
                    if (sparseOn) {
                        toEmptySparse();
                        sparseAddAll(merged, mergedSize);
                        promoteSparseIfOver();
                    } else {
                        toEmptyFull();
                        for (int i = 0; i < mergedSize; i++) {
                            fullAdd(merged[i]);
                        }
                    }
                }
            }
            case SPARSE -> {
                long[] mine = explicit;
                int count = explicitSize;
                dropExplicit();
                copySparseFrom(other);
                if (type == Representation.SPARSE) {
                    sparseAddAll(mine, count);
                    if (count > 0) {
                        promoteSparseIfOver();
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        fullAdd(mine[i]);
                    }
                }
            }
            case FULL -> {
                long[] mine = explicit;
                int count = explicitSize;
                dropExplicit();
                type = Representation.FULL;
                registers = other.registers.clone();
                for (int i = 0; i < count; i++) {
                    fullAdd(mine[i]);
                }
            }
            default -> { }
        }
    }

    private void unionIntoSparse(Hll other) {
        switch (other.type) {
            case EXPLICIT -> {
                if (other.explicitSize > 0) {
                    sparseAddAll(other.explicit, other.explicitSize);
                    promoteSparseIfOver();
                }
            }
            case SPARSE -> {
                sparseMerge(other.sparseIndex, other.sparseValue, other.sparseSize);
                promoteSparseIfOver();
            }
            case FULL -> {
                int[] index = sparseIndex;
                byte[] value = sparseValue;
                int size = sparseSize;
                dropSparse();
                type = Representation.FULL;
                registers = other.registers.clone();
                fullMergeSparse(index, value, size);
            }
            default -> { }
        }
    }

    private void unionIntoFull(Hll other) {
        switch (other.type) {
            case EXPLICIT -> {
                for (int i = 0; i < other.explicitSize; i++) {
                    fullAdd(other.explicit[i]);
                }
            }
            case SPARSE -> fullMergeSparse(other.sparseIndex, other.sparseValue, other.sparseSize);
            case FULL -> {
                byte[] mine = registers;
                byte[] theirs = other.registers;
                for (int i = 0; i < mine.length; i++) {
                    int t = theirs[i] & 0xff;
                    if ((mine[i] & 0xff) < t) {
                        mine[i] = (byte) t;
                    }
                }
            }
            default -> { }
        }
    }

    /** Merges two ascending arrays into {@code out} without duplicates; returns the merged length. */
    private static int mergeSorted(long[] a, int na, long[] b, int nb, long[] out) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < na && j < nb) {
            long x = a[i];
            long y = b[j];
            if (x < y) {
                out[n++] = x;
                i++;
            } else if (y < x) {
                out[n++] = y;
                j++;
            } else {
                out[n++] = x;
                i++;
                j++;
            }
        }
        while (i < na) {
            out[n++] = a[i++];
        }
        while (j < nb) {
            out[n++] = b[j++];
        }
        return n;
    }

    // ---------------------------------------------------------------- estimate

    /**
     * The raw HyperLogLog estimate with corrections. Registers are summed in index order with the
     * same terms as postgresql-hll and net.agkn so that the double comes out identical.
     */
    private double estimate() {
        int m = 1 << log2m;
        double sum = 0;
        int zeros = 0;
        if (type == Representation.FULL) {
            byte[] regs = registers;
            for (int j = 0; j < m; j++) {
                int r = regs[j] & 0xff;
                sum += INVERSE_POW2[r];
                if (r == 0) {
                    zeros++;
                }
            }
        } else {
            int next = 0;
            for (int j = 0; j < m; j++) {
                int r = 0;
                if (next < sparseSize && sparseIndex[next] == j) {
                    r = sparseValue[next++] & 0xff;
                }
                sum += INVERSE_POW2[r];
                if (r == 0) {
                    zeros++;
                }
            }
        }
        double estimator = alphaMSquared(m) / sum;
        if (zeros != 0 && estimator < ((double) m * 5) / 2) {
            return m * Math.log((double) m / zeros);
        }
        // 2^L, L = hash bits the registers can observe: (max register - 1) + log2m. The reference
        // implementations compute this with a 64-bit shift that wraps for regwidth >= 6.
        double twoToL = Math.scalb(1.0, (maxRegister - 1) + log2m);
        if (estimator <= twoToL / 30) {
            return estimator;
        }
        return -twoToL * Math.log(1.0 - estimator / twoToL);
    }

    private static double alphaMSquared(int m) {
        return switch (m) {
            case 16 -> 0.673 * m * m;
            case 32 -> 0.697 * m * m;
            case 64 -> 0.709 * m * m;
            default -> (0.7213 / (1.0 + 1.079 / m)) * m * m;
        };
    }

    // ---------------------------------------------------------------- reading

    private void readExplicit(byte[] bytes, int dataLength) {
        if (dataLength % 8 != 0) {
            throw malformed("EXPLICIT data length " + dataLength + " is not a multiple of 8");
        }
        int count = dataLength / 8;
        long[] values = new long[Math.max(8, count)];
        for (int i = 0; i < count; i++) {
            long v = (long) BIG_ENDIAN_LONG.get(bytes, HEADER_BYTES + 8 * i);
            if (i > 0 && v <= values[i - 1]) {
                throw malformed("EXPLICIT values are not strictly ascending at element " + i);
            }
            values[i] = v;
        }
        type = Representation.EXPLICIT;
        explicit = values;
        explicitSize = count;
    }

    private void readSparse(byte[] bytes, int dataLength) {
        int wordBits = log2m + regwidth;
        long dataBits = (long) dataLength * 8;
        long words = dataBits / wordBits;
        if (dataBits - words * wordBits >= 8) {
            throw malformed("SPARSE data length " + dataLength + " does not hold whole "
                    + wordBits + "-bit entries");
        }
        // strictly ascending indices below m: never more than m entries
        int capacity = (int) Math.max(16, Math.min(words, 1L << log2m));
        int[] index = new int[capacity];
        byte[] value = new byte[capacity];
        int n = 0;
        long valueMask = maxRegister;
        long indexMask = (1L << log2m) - 1;
        long bit = HEADER_BYTES * 8L;
        for (long w = 0; w < words; w++, bit += wordBits) {
            long word = readBits(bytes, bit, wordBits);
            int v = (int) (word & valueMask);
            if (v == 0) {
                continue; // padding, or an entry that sets nothing
            }
            int j = (int) ((word >>> regwidth) & indexMask);
            if (n > 0 && j <= index[n - 1]) {
                throw malformed("SPARSE register indices are not strictly ascending at entry " + w);
            }
            index[n] = j;
            value[n++] = (byte) v;
        }
        type = Representation.SPARSE;
        sparseIndex = index;
        sparseValue = value;
        sparseSize = n;
    }

    private void readFull(byte[] bytes, int dataLength) {
        int m = 1 << log2m;
        int expected = packedLength((long) m * regwidth);
        if (dataLength != expected) {
            throw malformed("FULL data must be " + expected + " bytes for log2m=" + log2m
                    + ", regwidth=" + regwidth + ", got " + dataLength);
        }
        byte[] regs = new byte[m];
        if (regwidth == 5) {
            unpackFull(bytes, regs, 5);
        } else {
            unpackFull(bytes, regs, regwidth);
        }
        type = Representation.FULL;
        registers = regs;
    }

    /** FULL data: 8 registers fill exactly {@code width} bytes (m is a multiple of 8, so no padding). */
    private static void packFull(byte[] regs, byte[] out, int width) {
        int pos = HEADER_BYTES;
        for (int i = 0; i < regs.length; i += 8) {
            long group = 0;
            for (int k = 0; k < 8; k++) {
                group = (group << width) | (regs[i + k] & 0xff);
            }
            for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
                out[pos++] = (byte) (group >>> shift);
            }
        }
    }

    private static void unpackFull(byte[] bytes, byte[] regs, int width) {
        int mask = (1 << width) - 1;
        int pos = HEADER_BYTES;
        for (int i = 0; i < regs.length; i += 8) {
            long group = 0;
            for (int b = 0; b < width; b++) {
                group = (group << 8) | (bytes[pos++] & 0xff);
            }
            for (int k = 0; k < 8; k++) {
                regs[i + k] = (byte) ((group >>> ((7 - k) * width)) & mask);
            }
        }
    }

    /** Reads {@code n} (at most 57) bits starting at bit {@code bit}, high bit first; zeros past the end. */
    private static long readBits(byte[] bytes, long bit, int n) {
        int pos = (int) (bit >>> 3);
        long window;
        if (pos + 8 <= bytes.length) {
            window = (long) BIG_ENDIAN_LONG.get(bytes, pos);
        } else {
            window = 0;
            for (int k = 0; k < 8; k++) {
                window = (window << 8) | (pos + k < bytes.length ? bytes[pos + k] & 0xff : 0);
            }
        }
        return (window << (bit & 7)) >>> (64 - n);
    }

    private static int packedLength(long bits) {
        long bytes = (bits + 7) / 8;
        if (bytes > Integer.MAX_VALUE - HEADER_BYTES) {
            throw new IllegalStateException("sketch too large to serialize: " + bytes + " bytes");
        }
        return (int) bytes;
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed hll: " + why);
    }

    // ---------------------------------------------------------------- MurmurHash3 x64_128

    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    /**
     * MurmurHash3_x64_128 with seed 0, returning h1. Input is either {@code ascii} (every char below
     * 0x80, so each char is one UTF-8 byte) or {@code bytes}.
     */
    private static long murmur3(String ascii, byte[] bytes, int length) {
        long h1 = 0;
        long h2 = 0;
        int blocks = length >>> 4;
        for (int b = 0; b < blocks; b++) {
            int off = b << 4;
            long k1 = bytes != null ? (long) LITTLE_ENDIAN_LONG.get(bytes, off) : asciiLong(ascii, off, 8);
            long k2 = bytes != null ? (long) LITTLE_ENDIAN_LONG.get(bytes, off + 8) : asciiLong(ascii, off + 8, 8);

            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;

            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks << 4;
        int rest = length - tail;
        if (rest > 8) {
            long k2 = bytes != null ? bytesLong(bytes, tail + 8, rest - 8) : asciiLong(ascii, tail + 8, rest - 8);
            k2 *= C2;
            k2 = Long.rotateLeft(k2, 33);
            k2 *= C1;
            h2 ^= k2;
        }
        if (rest > 0) {
            int n = Math.min(rest, 8);
            long k1 = bytes != null ? bytesLong(bytes, tail, n) : asciiLong(ascii, tail, n);
            k1 *= C1;
            k1 = Long.rotateLeft(k1, 31);
            k1 *= C2;
            h1 ^= k1;
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix64(h1);
        h2 = fmix64(h2);
        h1 += h2;
        return h1;
    }

    /** Little-endian long from {@code n} (1..8) ASCII chars starting at {@code off}. */
    private static long asciiLong(String s, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | s.charAt(off + i);
        }
        return v;
    }

    /** Little-endian long from {@code n} (1..8) bytes starting at {@code off}. */
    private static long bytesLong(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
