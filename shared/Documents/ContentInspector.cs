using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Xml;

namespace CoP.Shared.Documents;

/// <summary>What one pass over a file found: its length, SHA-256, first bytes and whether it is UTF-8 text.</summary>
public sealed record ContentInspection(long Bytes, string Sha256, byte[] Head, bool IsUtf8Text)
{
    public bool IsZip => Head.AsSpan().StartsWith("PK\u0003\u0004"u8);
}

/// <summary>
/// Reads a file once, in bounded chunks (never the whole file in memory), hashing it and keeping what type
/// sniffing needs; then names its real type from magic bytes. Office Open XML files are ZIPs: which one (if
/// any) is decided by the content-types part, read from the ZIP directory by the caller-supplied seekable stream.
/// </summary>
public static class ContentInspector
{
    public const int ChunkBytes = 1024 * 1024;
    public const int HeadBytes = 4096;

    /// <summary>A content-types part larger than this is not an Office document we accept (and not worth inflating).</summary>
    private const int MaxContentTypesBytes = 256 * 1024;

    private static readonly (string MainPart, string Type)[] OfficeMainParts =
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", FileKinds.Docx),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", FileKinds.Xlsx),
        ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", FileKinds.Pptx),
    ];

    private static readonly string[] OdfTypes = [FileKinds.Odt, FileKinds.Ods, FileKinds.Odp];

    private static readonly string[] Mp4Brands = ["isom", "iso2", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "dash", "mmp4"];

    public static async Task<ContentInspection> InspectAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var head = new byte[HeadBytes];
        var headLength = 0;
        long total = 0;
        var text = new TextCheck();
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                hash.AppendData(chunk);
                if (headLength < HeadBytes)
                {
                    var take = Math.Min(read, HeadBytes - headLength);
                    chunk[..take].CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                text.Append(chunk);
                total += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ContentInspection(total, Convert.ToHexStringLower(hash.GetHashAndReset()), head[..headLength], total > 0 && text.Complete());
    }

    /// <summary>
    /// The file's real media type from its first bytes: an allowed type, <see cref="FileKinds.Utf8Text"/>,
    /// <see cref="FileKinds.Zip"/> for a ZIP that is not an ODF document (see <see cref="SniffZipAsync"/>), or
    /// another type (executables, archives) or <see cref="FileKinds.Unknown"/> that the allow-list refuses.
    /// </summary>
    public static string Sniff(ContentInspection inspection)
    {
        var head = inspection.Head.AsSpan();
        return head switch
        {
            _ when head.StartsWith("%PDF-"u8) => FileKinds.Pdf,
            _ when head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) => FileKinds.Png,
            _ when head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) => FileKinds.Jpeg,
            _ when head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) => FileKinds.Gif,
            _ when head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) => FileKinds.WebP,
            _ when head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) => Mp4Brands.Contains(Encoding.ASCII.GetString(head[8..12])) ? FileKinds.Mp4 : "video/x-iso-media",
            _ when inspection.IsZip => OdfType(head) ?? FileKinds.Zip,
            _ when head.StartsWith("MZ"u8) => "application/x-msdownload",
            _ when head.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]) => "application/x-elf",
            _ when head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) => "application/x-ole-storage",
            _ when inspection.IsUtf8Text => FileKinds.Utf8Text,
            _ => FileKinds.Unknown,
        };
    }

    /// <summary>
    /// Which Office Open XML document a ZIP is, from the main part named in its <c>[Content_Types].xml</c>;
    /// <see cref="FileKinds.Zip"/> when none (macro-enabled documents name a different main part). Reads only
    /// the ZIP directory and that one part through <paramref name="seekable"/>.
    /// </summary>
    public static async Task<string> SniffZipAsync(Stream seekable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seekable);
        switch (await ZipDirectory.ReadAsync(seekable, cancellationToken))
        {
            case null:
                // No end-of-central-directory record: a damaged archive, not a document we can vouch for.
                return FileKinds.Zip;
            case { IsWithinBounds: false }:
                return FileKinds.OversizedZipDirectory;
        }

        try
        {
            await using var archive = await ZipArchive.CreateAsync(seekable, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
            var part = archive.GetEntry("[Content_Types].xml");
            if (part is null || part.Length > MaxContentTypesBytes)
            {
                return FileKinds.Zip;
            }

            await using var stream = await part.OpenAsync(cancellationToken);
            var contentTypes = await ReadContentTypesAsync(stream, cancellationToken);
            var matches = OfficeMainParts.Where(p => contentTypes.Contains(p.MainPart)).Select(p => p.Type).ToList();
            return matches.Count == 1 ? matches[0] : FileKinds.Zip;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException)
        {
            // A damaged archive or content-types part: a ZIP, but not a document we can vouch for.
            return FileKinds.Zip;
        }
    }

    private static async Task<HashSet<string>> ReadContentTypesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxContentTypesBytes };
        using var reader = XmlReader.Create(stream, settings);
        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Override" && reader.GetAttribute("ContentType") is { } type)
            {
                types.Add(type);
            }
        }

        return types;
    }

    // An ODF package starts with an uncompressed "mimetype" entry whose content is the media type.
    private static string? OdfType(ReadOnlySpan<byte> head)
    {
        if (head.Length < 38 || !head[30..38].SequenceEqual("mimetype"u8) || BitConverter.ToUInt16(head[8..10]) != 0)
        {
            return null;
        }

        var size = (int)Math.Min(BitConverter.ToUInt32(head[18..22]), 128);
        var start = 30 + BitConverter.ToUInt16(head[26..28]) + BitConverter.ToUInt16(head[28..30]);
        if (start + size > head.Length)
        {
            return null;
        }

        var type = Encoding.ASCII.GetString(head.Slice(start, size));
        return OdfTypes.Contains(type, StringComparer.Ordinal) ? type : null;
    }

    /// <summary>Whether a byte stream, fed in chunks, is UTF-8 text without control characters other than whitespace.</summary>
    private sealed class TextCheck
    {
        private const int SliceBytes = 64 * 1024;

        // GetChars, unlike GetCharCount, carries a character split between chunks over to the next one.
        private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        private readonly char[] _chars = new char[SliceBytes + 4];
        private bool _isText = true;

        public void Append(ReadOnlySpan<byte> chunk)
        {
            if (!_isText)
            {
                return;
            }

            foreach (var b in chunk)
            {
                if (b is < 0x20 and not (0x09 or 0x0A or 0x0C or 0x0D) or 0x7F)
                {
                    _isText = false;
                    return;
                }
            }

            try
            {
                for (var start = 0; start < chunk.Length; start += SliceBytes)
                {
                    _decoder.GetChars(chunk.Slice(start, Math.Min(SliceBytes, chunk.Length - start)), _chars, flush: false);
                }
            }
            catch (DecoderFallbackException)
            {
                _isText = false;
            }
        }

        public bool Complete()
        {
            if (!_isText)
            {
                return false;
            }

            try
            {
                _decoder.GetChars([], _chars, flush: true);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }
}
