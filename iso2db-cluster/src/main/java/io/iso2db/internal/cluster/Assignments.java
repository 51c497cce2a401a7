package io.iso2db.internal.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jgroups.raft.StateMachine;

/**
 * The replicated state of {@code leader_mode}: which member runs each task. Changed only through
 * the Raft log ({@code ASSIGN task member}), so every member applies the same changes in the
 * same order.
 */
final class Assignments implements StateMachine {

    private final Map<String, String> owners = new ConcurrentHashMap<>();

    static byte[] assign(String task, String member) {
        return ("ASSIGN\n" + task + "\n" + member).getBytes(StandardCharsets.UTF_8);
    }

    /** A read through the log: answered only once a majority confirms the reader's leader is current. */
    static byte[] read() {
        return "READ".getBytes(StandardCharsets.UTF_8);
    }

    /** The answer of {@link #read()}: the assignments, task and member per line pair. */
    static Map<String, String> parse(byte[] answer) {
        Map<String, String> map = new HashMap<>();
        if (answer == null) {
            return map;
        }
        String[] lines = new String(answer, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i += 2) {
            map.put(lines[i], lines[i + 1]);
        }
        return map;
    }

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
        String[] command = new String(data, offset, length, StandardCharsets.UTF_8).split("\n", -1);
        if (command.length == 3 && command[0].equals("ASSIGN")) {
            owners.put(command[1], command[2]);
            return null;
        }
        StringBuilder sb = new StringBuilder();
        owners.forEach((task, member) -> sb.append(task).append('\n').append(member).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        int n = in.readInt();
        Map<String, String> read = new HashMap<>();
        for (int i = 0; i < n; i++) {
            read.put(in.readUTF(), in.readUTF());
        }
        owners.clear();
        owners.putAll(read);
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        Map<String, String> copy = Map.copyOf(owners);
        out.writeInt(copy.size());
        for (Map.Entry<String, String> e : copy.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    /** The member running {@code task}, or null. */
    String owner(String task) {
        return owners.get(task);
    }

    Map<String, String> all() {
        return Map.copyOf(owners);
    }
}
