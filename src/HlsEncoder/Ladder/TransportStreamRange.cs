namespace HlsEncoder.Ladder;

/// <summary>
/// The bytes of an MPEG-TS segment that hold one video frame, in whole 188-byte TS packets, as an I-frame
/// playlist's EXT-X-BYTERANGE names them: from the PAT and PMT that ffmpeg writes right before each
/// keyframe (so the range can be demuxed on its own, like the ranges Apple's segmenter writes, which start
/// at a segment's PAT) to the last TS packet that carries the frame's PES. Packets of other streams that
/// lie in between (audio) are part of the range; a player ignores them while it shows I-frames.
/// </summary>
internal static class TransportStreamRange
{
    public const int PacketSize = 188;
    private const byte SyncByte = 0x47;
    private const int PatPid = 0x0000;
    private const int SdtPid = 0x0011;

    /// <param name="segment">The segment file, readable and seekable.</param>
    /// <param name="pesStart">Where the frame's PES starts: the TS packet whose payload begins it (ffprobe's pos).</param>
    /// <exception cref="FormatException">The file is not MPEG-TS, or no PES starts at <paramref name="pesStart"/>.</exception>
    public static (long Offset, long Length) Of(Stream segment, long pesStart)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var packet = new byte[PacketSize];
        if (pesStart < 0 || pesStart % PacketSize != 0 || !Read(segment, pesStart, packet) || !StartsPayload(packet))
        {
            throw new FormatException($"No TS packet starting a PES at byte {pesStart}.");
        }

        var pid = Pid(packet);
        var tables = TablePids(segment, pesStart);
        var offset = pesStart;
        while (offset >= PacketSize && Read(segment, offset - PacketSize, packet) && tables.Contains(Pid(packet)))
        {
            offset -= PacketSize;
        }

        var end = pesStart + PacketSize;
        for (var at = end; Read(segment, at, packet); at += PacketSize)
        {
            if (Pid(packet) == pid)
            {
                if (StartsPayload(packet))
                {
                    break;
                }

                end = at + PacketSize;
            }
        }

        return (offset, end - offset);
    }

    /// <summary>The PIDs of the tables a demuxer needs before a frame: PAT, SDT, and every PMT the segment's first PAT names.</summary>
    private static HashSet<int> TablePids(Stream segment, long before)
    {
        var pids = new HashSet<int> { PatPid, SdtPid };
        var packet = new byte[PacketSize];
        for (long at = 0; at < before && Read(segment, at, packet); at += PacketSize)
        {
            if (Pid(packet) != PatPid || !StartsPayload(packet))
            {
                continue;
            }

            var payload = PayloadStart(packet);
            if (payload >= PacketSize)
            {
                break;
            }

            // pointer_field, then the section: table_id, section_length (12 bits), 5 bytes, the programs, CRC_32.
            var table = payload + 1 + packet[payload];
            if (table + 8 > PacketSize)
            {
                break;
            }

            var sectionEnd = Math.Min(PacketSize - 4, table + 3 + (((packet[table + 1] & 0x0F) << 8) | packet[table + 2]) - 4);
            for (var program = table + 8; program + 4 <= sectionEnd; program += 4)
            {
                var number = (packet[program] << 8) | packet[program + 1];
                if (number != 0)
                {
                    pids.Add(((packet[program + 2] & 0x1F) << 8) | packet[program + 3]);
                }
            }

            break;
        }

        return pids;
    }

    private static bool Read(Stream stream, long at, byte[] packet)
    {
        if (stream.Position != at)
        {
            stream.Position = at;
        }

        var read = 0;
        while (read < PacketSize && stream.Read(packet, read, PacketSize - read) is var n && n > 0)
        {
            read += n;
        }

        if (read == 0)
        {
            return false;
        }

        return read == PacketSize && packet[0] == SyncByte
            ? true
            : throw new FormatException($"Byte {at} does not start a 188-byte TS packet (MPEG-TS lost its sync).");
    }

    private static int Pid(byte[] packet) => ((packet[1] & 0x1F) << 8) | packet[2];

    private static bool StartsPayload(byte[] packet) => (packet[1] & 0x40) != 0;

    private static int PayloadStart(byte[] packet) =>
        (packet[3] & 0x20) != 0 ? 5 + packet[4] : 4;
}
