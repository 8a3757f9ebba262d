using System.Buffers.Binary;
using System.IO.Compression;
using CoP.Shared.Documents;
using static CoP.Tests.Documents.DocumentTestFlows;
using static CoP.Tests.Members.MemberTestFlows;

namespace CoP.Tests.Documents;

public sealed class ZipDirectoryTests(StorageFixture storage)
{
    [Fact]
    public async Task AZipListingFourHundredThousandEntriesIsRefusedFromItsLastBytesWithLittleMemory()
    {
        var archive = new MemoryStream(EmptyEntriesZip64(400_000));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sniffed = await ContentInspector.SniffZipAsync(archive, Ct);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(FileKinds.OversizedZipDirectory, sniffed);
        Assert.True(allocated < 16 * 1024 * 1024, $"The sniff allocated {allocated} bytes.");
        Assert.True(archive.Length > 16 * 1024 * 1024, "The archive should be larger than what the sniff may allocate.");
    }

    [Fact]
    public async Task TheDirectoryBoundsAreReadFromTheEndRecordAndItsZip64Form()
    {
        var small = await ZipDirectory.ReadAsync(new MemoryStream(SampleFiles.Docx()), Ct);
        var many = await ZipDirectory.ReadAsync(new MemoryStream(EmptyEntriesZip64(70_000)), Ct);
        var damaged = await ZipDirectory.ReadAsync(new MemoryStream(SampleFiles.Docx()[..^30]), Ct);

        Assert.Equal(2, small!.Entries);
        Assert.True(small.IsWithinBounds);
        Assert.Equal(70_000, many!.Entries);
        Assert.False(many.IsWithinBounds);
        Assert.Null(damaged);
    }

    [Fact]
    public async Task AnOfficeDocumentWithTooManyPartsIsRejectedAsTooManyEntries()
    {
        await using var app = TestApp.Create(storage);
        var (_, token) = await ConfirmedMemberAsync(app);
        var content = DocxWithParts((int)ZipDirectory.MaxEntries + 1);

        var (upload, outcome) = await UploadAndIngestAsync(app, token, "brief.docx", FileKinds.Docx, content);

        Assert.Equal(DocumentStatus.Rejected, outcome);
        Assert.Equal(RejectionReason.TooManyEntries, (await DocumentAsync(app, upload.DocumentId)).RejectionReason);
        Assert.Empty(await BlobNamesAsync(app, "documents"));
    }

    /// <summary>A real docx (content-types part first) padded with empty parts.</summary>
    private static byte[] DocxWithParts(int parts)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var copied = 0;
            using (var source = new ZipArchive(new MemoryStream(SampleFiles.Docx()), ZipArchiveMode.Read))
            {
                foreach (var entry in source.Entries)
                {
                    using var from = entry.Open();
                    using var to = archive.CreateEntry(entry.FullName).Open();
                    from.CopyTo(to);
                    copied++;
                }
            }

            for (var i = copied; i < parts; i++)
            {
                archive.CreateEntry($"p/{i}", CompressionLevel.NoCompression);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// A ZIP64 archive of <paramref name="entries"/> empty stored entries, written by hand (System.IO.Compression would
    /// take seconds): local headers, the central directory, the ZIP64 end record and locator, and the end record.
    /// </summary>
    private static byte[] EmptyEntriesZip64(int entries)
    {
        const int localBytes = 30 + 8;
        const int centralBytes = 46 + 8;
        var directoryAt = (long)entries * localBytes;
        var directorySize = (long)entries * centralBytes;
        var bytes = new byte[directoryAt + directorySize + 56 + 20 + 22];
        var span = bytes.AsSpan();
        for (var i = 0; i < entries; i++)
        {
            var name = $"{i:x8}";
            var local = span.Slice(i * localBytes, localBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(local, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(local[4..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(local[26..], 8);
            System.Text.Encoding.ASCII.GetBytes(name, local[30..]);

            var central = span.Slice((int)(directoryAt + ((long)i * centralBytes)), centralBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(central, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(central[4..], 45);
            BinaryPrimitives.WriteUInt16LittleEndian(central[6..], 20);
            BinaryPrimitives.WriteUInt16LittleEndian(central[28..], 8);
            BinaryPrimitives.WriteUInt32LittleEndian(central[42..], (uint)(i * localBytes));
            System.Text.Encoding.ASCII.GetBytes(name, central[46..]);
        }

        var zip64End = span[(int)(directoryAt + directorySize)..];
        BinaryPrimitives.WriteUInt32LittleEndian(zip64End, 0x06064b50);
        BinaryPrimitives.WriteInt64LittleEndian(zip64End[4..], 44);
        BinaryPrimitives.WriteUInt16LittleEndian(zip64End[12..], 45);
        BinaryPrimitives.WriteUInt16LittleEndian(zip64End[14..], 45);
        BinaryPrimitives.WriteInt64LittleEndian(zip64End[24..], entries);
        BinaryPrimitives.WriteInt64LittleEndian(zip64End[32..], entries);
        BinaryPrimitives.WriteInt64LittleEndian(zip64End[40..], directorySize);
        BinaryPrimitives.WriteInt64LittleEndian(zip64End[48..], directoryAt);

        var locator = zip64End[56..];
        BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
        BinaryPrimitives.WriteInt64LittleEndian(locator[8..], directoryAt + directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);

        var end = locator[20..];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], ushort.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], uint.MaxValue);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], uint.MaxValue);
        return bytes;
    }
}
