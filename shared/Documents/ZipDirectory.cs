using System.Buffers.Binary;

namespace CoP.Shared.Documents;

/// <summary>
/// What a ZIP's end-of-central-directory record (and its ZIP64 form) says about the archive's directory, read from the
/// last bytes of the file alone: how many entries it lists and how large it is. The sniffer checks these against
/// <see cref="MaxEntries"/> and <see cref="MaxDirectoryBytes"/> before <see cref="System.IO.Compression.ZipArchive"/>
/// reads the directory, because that reader builds an object for every entry up front: a small file can list millions
/// of empty entries (a few dozen bytes each) and cost the ingestion gigabytes of memory.
/// </summary>
public sealed record ZipDirectory(long Entries, long DirectoryBytes)
{
    /// <summary>
    /// The most entries an accepted Office document may list. Real documents list tens to a few thousand parts (a
    /// 500-slide deck with its media is about 2,000); ten thousand leaves room for any of them, and at a few hundred
    /// bytes per parsed entry keeps the reader's memory to a few MiB.
    /// </summary>
    public const long MaxEntries = 10_000;

    /// <summary>
    /// The largest central directory read: 46 bytes per entry plus its name (part names are short paths, well under
    /// 300 bytes), so <see cref="MaxEntries"/> fits in about 3 MiB; 4 MiB allows long names without allowing a
    /// directory padded with huge names or extra fields.
    /// </summary>
    public const long MaxDirectoryBytes = 4L * 1024 * 1024;

    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndBytes = 22;
    private const int Zip64LocatorBytes = 20;
    private const int Zip64EndBytes = 56;
    private const int MaxCommentBytes = ushort.MaxValue;

    public bool IsWithinBounds => Entries <= MaxEntries && DirectoryBytes <= MaxDirectoryBytes;

    /// <summary>
    /// The directory's size as the archive's last bytes declare it (at most 64 KiB + 22 bytes are read, plus 56 for
    /// ZIP64); null when there is no end record, or it points outside the file.
    /// </summary>
    public static async Task<ZipDirectory?> ReadAsync(Stream seekable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        var length = seekable.Length;
        if (length < EndBytes)
        {
            return null;
        }

        var tailLength = (int)Math.Min(length, EndBytes + MaxCommentBytes);
        var tail = new byte[tailLength];
        seekable.Seek(length - tailLength, SeekOrigin.Begin);
        await seekable.ReadExactlyAsync(tail, cancellationToken);

        // The last signature in the tail, as System.IO.Compression finds it: both readers see the same directory.
        for (var at = tailLength - EndBytes; at >= 0; at--)
        {
            var record = tail.AsSpan(at);
            if (BinaryPrimitives.ReadUInt32LittleEndian(record) != EndSignature)
            {
                continue;
            }

            long entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            var endAt = length - tailLength + at;
            if (entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
            {
                return await ReadZip64Async(seekable, tail, at, endAt, cancellationToken);
            }

            return offset + size <= endAt ? new ZipDirectory(entries, size) : null;
        }

        return null;
    }

    private static async Task<ZipDirectory?> ReadZip64Async(Stream seekable, byte[] tail, int endInTail, long endAt, CancellationToken cancellationToken)
    {
        if (endInTail < Zip64LocatorBytes)
        {
            return null;
        }

        var locator = tail.AsSpan(endInTail - Zip64LocatorBytes, Zip64LocatorBytes);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return null;
        }

        var recordAt = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (recordAt < 0 || recordAt + Zip64EndBytes > endAt - Zip64LocatorBytes)
        {
            return null;
        }

        var record = new byte[Zip64EndBytes];
        seekable.Seek(recordAt, SeekOrigin.Begin);
        await seekable.ReadExactlyAsync(record, cancellationToken);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            return null;
        }

        var entries = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
        var size = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(40));
        var offset = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(48));
        return entries >= 0 && size >= 0 && offset >= 0 && offset + size <= recordAt ? new ZipDirectory(entries, size) : null;
    }
}
