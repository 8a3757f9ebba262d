using System.IO.Compression;
using System.Text;
using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

public sealed class ContentInspectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, byte[], string> Signatures() => new()
    {
        { "pdf", SampleFiles.Pdf(), FileKinds.Pdf },
        { "png", SampleFiles.Png(), FileKinds.Png },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'], FileKinds.Jpeg },
        { "gif", Encoding.ASCII.GetBytes("GIF89a\u0001\u0000\u0001\u0000"), FileKinds.Gif },
        { "webp", Encoding.ASCII.GetBytes("RIFF\u0024\u0000\u0000\u0000WEBPVP8 "), FileKinds.WebP },
        { "mp4", [0x00, 0x00, 0x00, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 0, 0], FileKinds.Mp4 },
        { "quicktime", [0x00, 0x00, 0x00, 0x14, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'q', (byte)'t', (byte)' ', (byte)' ', 0, 0, 0, 0], "video/x-iso-media" },
        { "odt", SampleFiles.Odt(), FileKinds.Odt },
        { "csv", SampleFiles.Csv(), FileKinds.Utf8Text },
        { "utf8 with accents", Encoding.UTF8.GetBytes("Thiès, Kaolack — sols\n"), FileKinds.Utf8Text },
        { "truncated utf8", [(byte)'a', 0xC3], FileKinds.Unknown },
        { "elf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0], "application/x-elf" },
        { "legacy office", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "application/x-ole-storage" },
        { "zip", SampleFiles.PlainZip(), FileKinds.Zip },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public async Task SniffsTheRealTypeFromTheFirstBytes(string name, byte[] content, string expected)
    {
        var inspection = await ContentInspector.InspectAsync(new MemoryStream(content), Ct);

        Assert.True(expected == ContentInspector.Sniff(inspection), name);
    }

    [Fact]
    public async Task HashesAndCountsAcrossChunksAndSeesTextSplitMidCharacter()
    {
        // "é" straddles the 1 MiB chunk boundary: still valid UTF-8 text.
        var content = Encoding.UTF8.GetBytes(new string('a', ContentInspector.ChunkBytes - 1) + "é" + new string('b', 10));

        var inspection = await ContentInspector.InspectAsync(new ChunkedStream(content, 64 * 1024), Ct);

        Assert.Equal(content.Length, inspection.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), inspection.Sha256);
        Assert.Equal(FileKinds.Utf8Text, ContentInspector.Sniff(inspection));
    }

    public static TheoryData<string, string> OfficeParts() => new()
    {
        { "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", FileKinds.Docx },
        { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", FileKinds.Xlsx },
        { "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", FileKinds.Pptx },
        { "application/vnd.ms-word.document.macroEnabled.main+xml", FileKinds.Zip },
    };

    [Theory]
    [MemberData(nameof(OfficeParts))]
    public async Task AZipIsAnOfficeDocumentOnlyWhenItsContentTypesPartSaysSo(string mainPart, string expected)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("[Content_Types].xml").Open());
            writer.Write($"""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/main.xml" ContentType="{mainPart}"/></Types>""");
        }

        buffer.Position = 0;

        Assert.Equal(expected, await ContentInspector.SniffZipAsync(buffer, Ct));
    }

    [Fact]
    public async Task ADamagedZipOrAContentTypesPartWithADtdIsJustAZip()
    {
        var damaged = SampleFiles.Docx()[..40];
        using var withDtd = new MemoryStream();
        using (var archive = new ZipArchive(withDtd, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(archive.CreateEntry("[Content_Types].xml").Open());
            writer.Write("""<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><Types><Override ContentType="&a;"/></Types>""");
        }

        withDtd.Position = 0;

        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(new MemoryStream(damaged), Ct));
        Assert.Equal(FileKinds.Zip, await ContentInspector.SniffZipAsync(withDtd, Ct));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network stream does.</summary>
    private sealed class ChunkedStream(byte[] content, int chunk) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
