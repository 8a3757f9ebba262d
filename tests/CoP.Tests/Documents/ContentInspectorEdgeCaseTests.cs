using System.IO.Compression;
using System.Text;
using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

/// <summary>Type sniffing at its edges: exact header lengths, control bytes in text, ODF and Office packages that only look right.</summary>
public sealed class ContentInspectorEdgeCaseTests
{
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, byte[], string> Headers() => new()
    {
        { "gif87a", Encoding.ASCII.GetBytes("GIF87a\u0001\u0000"), FileKinds.Gif },
        { "webp of exactly 12 bytes", Encoding.ASCII.GetBytes("RIFF\u0000\u0000\u0000\u0000WEBP"), FileKinds.WebP },
        { "webp cut to 11 bytes", Encoding.ASCII.GetBytes("RIFF\u0000\u0000\u0000\u0000WEB"), FileKinds.Unknown },
        { "riff that is not webp", Encoding.ASCII.GetBytes("RIFF\u0000\u0000\u0000\u0000AVI LIST"), FileKinds.Unknown },
        { "mp4 of exactly 12 bytes", [0x00, 0x00, 0x00, 0x0C, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2'], FileKinds.Mp4 },
        { "windows executable", [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00], "application/x-msdownload" },
        { "empty", [], FileKinds.Unknown },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public async Task SniffsEachTypeFromItsExactHeader(string name, byte[] content, string expected)
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream(content), Ct);

        Assert.True(expected == ContentInspector.Sniff(inspection), name);
    }

    [Theory]
    [InlineData("isom")]
    [InlineData("iso2")]
    [InlineData("iso4")]
    [InlineData("iso5")]
    [InlineData("iso6")]
    [InlineData("mp41")]
    [InlineData("mp42")]
    [InlineData("avc1")]
    [InlineData("M4V ")]
    [InlineData("dash")]
    [InlineData("mmp4")]
    public void EveryMp4BrandIsAnMp4(string brand)
    {
        byte[] head = [0x00, 0x00, 0x00, 0x18, .. "ftyp"u8, .. Encoding.ASCII.GetBytes(brand), 0, 0, 0, 0];

        Assert.Equal(FileKinds.Mp4, ContentInspector.Sniff(new ContentInspection(head.Length, "", head, false)));
    }

    [Theory]
    [InlineData(0x00, false)]
    [InlineData(0x01, false)]
    [InlineData(0x08, false)]
    [InlineData(0x0B, false)]
    [InlineData(0x1B, false)]
    [InlineData(0x1F, false)]
    [InlineData(0x7F, false)]
    [InlineData(0x09, true)]
    [InlineData(0x0A, true)]
    [InlineData(0x0C, true)]
    [InlineData(0x0D, true)]
    [InlineData(0x20, true)]
    public async Task TextMayHoldWhitespaceButNoOtherControlByte(int controlByte, bool isText)
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream([(byte)'a', (byte)'b', (byte)controlByte, (byte)'c']), Ct);

        Assert.Equal(isText, inspection.IsUtf8Text);
        Assert.Equal(isText ? FileKinds.Utf8Text : FileKinds.Unknown, ContentInspector.Sniff(inspection));
    }

    [Fact]
    public async Task AnEmptyFileIsNotTextAndHasTheHashOfNothing()
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream(), Ct);

        Assert.Equal(0, inspection.Bytes);
        Assert.False(inspection.IsUtf8Text);
        Assert.Empty(inspection.Head);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", inspection.Sha256);
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(4096, 4096)]
    [InlineData(10_000, 4096)]
    public async Task TheHeadIsTheFirstBytesUpToItsLimitAcrossReads(int length, int headLength)
    {
        var content = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();

        var inspection = await ContentInspector.InspectAsync(new ChunkedStream(content, 1000), Ct);

        Assert.Equal(content[..headLength], inspection.Head);
        Assert.Equal(length, inspection.Bytes);
        Assert.True(inspection.IsUtf8Text);
    }

    [Theory]
    [InlineData(FileKinds.Odt)]
    [InlineData(FileKinds.Ods)]
    [InlineData(FileKinds.Odp)]
    public async Task EachOdfDocumentIsRecognisedByItsStoredMimetype(string mimetype)
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream(Odf(mimetype, CompressionLevel.NoCompression)), Ct);

        Assert.Equal(mimetype, ContentInspector.Sniff(inspection));
    }

    [Fact]
    public async Task AnOdfLookAlikeIsJustAZip()
    {
        var compressed = await ContentInspector.InspectAsync(new MemoryStream(Odf(FileKinds.Odt, CompressionLevel.Optimal)), Ct);
        var otherType = await ContentInspector.InspectAsync(new MemoryStream(Odf("application/x-shellscript", CompressionLevel.NoCompression)), Ct);

        Assert.Equal(FileKinds.Zip, ContentInspector.Sniff(compressed));
        Assert.Equal(FileKinds.Zip, ContentInspector.Sniff(otherType));
    }

    [Fact]
    public void AnOdfHeadIsRecognisedOnlyWhenItHoldsTheWholeMimetype()
    {
        // The local header (30 bytes) and the name "mimetype" (8) come first, then the 39-byte media type.
        var odt = Odf(FileKinds.Odt, CompressionLevel.NoCompression);
        var end = 38 + FileKinds.Odt.Length;

        Assert.Equal(FileKinds.Odt, ContentInspector.Sniff(new ContentInspection(odt.Length, "", odt[..end], false)));
        Assert.Equal(FileKinds.Zip, ContentInspector.Sniff(new ContentInspection(odt.Length, "", odt[..(end - 1)], false)));
        Assert.Equal(FileKinds.Zip, ContentInspector.Sniff(new ContentInspection(odt.Length, "", odt[..37], false)));
    }

    [Fact]
    public async Task AZipNamingTwoOfficeMainPartsIsJustAZip()
    {
        var both = ContentTypes(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");

        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(new MemoryStream(both), Ct));
    }

    [Fact]
    public async Task TheMainPartIsMatchedWhateverItsCase()
    {
        var upper = ContentTypes("APPLICATION/VND.OPENXMLFORMATS-OFFICEDOCUMENT.WORDPROCESSINGML.DOCUMENT.MAIN+XML");

        Assert.Equal(FileKinds.Docx, await ContentInspector.SniffZipAsync(new MemoryStream(upper), Ct));
    }

    [Fact]
    public async Task AZipWithoutAContentTypesPartOrWithAnOversizedOneIsJustAZip()
    {
        var docxMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
        var oversized = ContentTypes([docxMain], padding: 300 * 1024);
        var justUnder = ContentTypes([docxMain], padding: 200 * 1024);

        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(new MemoryStream(SampleFiles.PlainZip()), Ct));
        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(new MemoryStream(oversized), Ct));
        Assert.Equal(FileKinds.Docx, await ContentInspector.SniffZipAsync(new MemoryStream(justUnder), Ct));
    }

    [Fact]
    public async Task AMainPartNamedOnlyAsADefaultDoesNotCount()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
        }

        buffer.Position = 0;

        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(buffer, Ct));
    }

    [Fact]
    public async Task ALongTextReadInOneGoIsCheckedSliceBySlice()
    {
        // 100,000 bytes arrive in one read: more than one 64 KiB slice, the last one partial.
        var content = Encoding.UTF8.GetBytes(new string('a', 99_998) + "é");

        var inspection = await ContentInspector.InspectAsync(new MemoryStream(content), Ct);

        Assert.True(inspection.IsUtf8Text);
        Assert.Equal(FileKinds.Utf8Text, ContentInspector.Sniff(inspection));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', 0xFF, (byte)'b' })]
    [InlineData(new byte[] { (byte)'a', 0xC3, 0x28, (byte)'b' })]
    public async Task BrokenUtf8WithoutControlBytesIsNotText(byte[] content)
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream(content), Ct);

        Assert.False(inspection.IsUtf8Text);
        Assert.Equal(FileKinds.Unknown, ContentInspector.Sniff(inspection));
    }

    [Fact]
    public void AFileTooShortForAnOdfHeaderButStartingLikeAZipIsJustAZip()
    {
        byte[] head = [(byte)'P', (byte)'K', 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00];

        Assert.Equal(FileKinds.Zip, ContentInspector.Sniff(new ContentInspection(head.Length, "", head, false)));
    }

    [Fact]
    public async Task SniffingAZipLeavesTheCallersStreamOpen()
    {
        using var docx = new MemoryStream(SampleFiles.Docx());

        Assert.Equal(FileKinds.Docx, await ContentInspector.SniffZipAsync(docx, Ct));
        Assert.True(docx.CanRead);
        Assert.True(docx.CanSeek);
    }

    [Fact]
    public async Task SniffingAZipNeedsAStream()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => ContentInspector.SniffZipAsync(null!, Ct));
    }

    private static byte[] ContentTypes(params string[] mainParts) => ContentTypes(mainParts, padding: 0);

    private static byte[] ContentTypes(string[] mainParts, int padding)
    {
        var overrides = string.Concat(mainParts.Select((p, i) => $"""<Override PartName="/part{i}.xml" ContentType="{p}"/>"""));
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "[Content_Types].xml", $"""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{overrides}<!--{new string(' ', padding)}--></Types>""");
        }

        return buffer.ToArray();
    }

    private static byte[] Odf(string mimetype, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(archive, "mimetype", mimetype, level);
            Write(archive, "content.xml", "<office:document-content/>");
        }

        return buffer.ToArray();
    }

    private static void Write(ZipArchive archive, string name, string content, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = archive.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network stream does.</summary>
    private sealed class ChunkedStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
