using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoP.Shared.Email;

/// <summary>
/// The folder that stands in for SendGrid when no API key is set. Each message is three files named
/// <c>&lt;UTC time&gt;-&lt;id&gt;</c>: <c>.html</c> and <c>.txt</c> to open and read, and a <c>.json</c> index with the
/// envelope (to, subject, category, custom args, headers, attachments); each attachment is one more file
/// (<c>&lt;id&gt;-&lt;n&gt;-&lt;file name&gt;</c>). The index is written last, each file through a
/// temporary name and a rename, so whoever lists the index files never sees half a message.
/// </summary>
public static class LocalOutbox
{
    public const string IndexExtension = ".json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Every complete message in <paramref name="path"/>, oldest first; an absent folder has none.</summary>
    public static IReadOnlyList<OutboxMessage> ReadAll(string path)
    {
        var directory = Path.GetFullPath(path);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var messages = new List<OutboxMessage>();
        foreach (var indexFile in Directory.EnumerateFiles(directory, "*" + IndexExtension))
        {
            var index = JsonSerializer.Deserialize<OutboxIndex>(File.ReadAllText(indexFile, Utf8), Json)
                ?? throw new InvalidDataException($"{indexFile} is not an outbox index.");
            var htmlPath = Path.Combine(directory, index.HtmlFile);
            var textPath = Path.Combine(directory, index.TextFile);
            messages.Add(new OutboxMessage(
                index.Id,
                index.CreatedAt,
                index.From,
                index.ReplyTo,
                index.To,
                index.Subject,
                index.Category,
                index.CustomArgs,
                index.Headers,
                File.ReadAllText(htmlPath, Utf8),
                File.ReadAllText(textPath, Utf8),
                indexFile,
                htmlPath,
                textPath)
            {
                Attachments = [.. (index.Attachments ?? []).Select(a => new OutboxAttachment(a.FileName, a.ContentType, a.Disposition, Path.Combine(directory, a.File)))],
            });
        }

        return [.. messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>Deletes one message: its index first, so that a reader never sees it half there.</summary>
    public static void Delete(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        File.Delete(message.IndexPath);
        File.Delete(message.HtmlPath);
        File.Delete(message.TextPath);
        foreach (var attachment in message.Attachments)
        {
            File.Delete(attachment.Path);
        }
    }

    /// <summary>Writes one message and returns its id (also the files' name stem).</summary>
    internal static async Task<string> WriteAsync(
        string path, EmailAddress from, string? replyTo, EmailMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(path);
        Directory.CreateDirectory(directory);
        var id = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        var index = new OutboxIndex(
            id,
            now,
            from,
            replyTo,
            message.To,
            message.Subject,
            message.Category,
            new Dictionary<string, string>(message.CustomArgs, StringComparer.Ordinal),
            new Dictionary<string, string>(message.Headers, StringComparer.Ordinal),
            id + ".html",
            id + ".txt",
            [.. message.Attachments.Select((a, n) => new OutboxIndexAttachment(a.FileName, a.ContentType, a.DispositionName, $"{id}-{n + 1}-{a.FileName}"))]);

        for (var n = 0; n < message.Attachments.Count; n++)
        {
            await WriteAtomicallyAsync(directory, index.Attachments![n].File, message.Attachments[n].Content, cancellationToken);
        }

        await WriteAtomicallyAsync(directory, index.HtmlFile, message.HtmlBody, cancellationToken);
        await WriteAtomicallyAsync(directory, index.TextFile, message.TextBody, cancellationToken);
        await WriteAtomicallyAsync(directory, id + IndexExtension, JsonSerializer.Serialize(index, Json), cancellationToken);
        return id;
    }

    private static Task WriteAtomicallyAsync(string directory, string fileName, string content, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(directory, fileName, Utf8.GetBytes(content), cancellationToken);

    private static async Task WriteAtomicallyAsync(string directory, string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        // The temporary name lies in the same folder (so the rename is atomic) and does not end in .json.
        var temporary = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, Path.Combine(directory, fileName), overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private sealed record OutboxIndex(
        string Id,
        DateTimeOffset CreatedAt,
        EmailAddress From,
        string? ReplyTo,
        EmailAddress To,
        string Subject,
        string Category,
        Dictionary<string, string> CustomArgs,
        Dictionary<string, string> Headers,
        string HtmlFile,
        string TextFile,
        List<OutboxIndexAttachment>? Attachments);

    private sealed record OutboxIndexAttachment(string FileName, string ContentType, string Disposition, string File);
}

/// <summary>One message as the local outbox holds it, with the paths of its files.</summary>
public sealed record OutboxMessage(
    string Id,
    DateTimeOffset CreatedAt,
    EmailAddress From,
    string? ReplyTo,
    EmailAddress To,
    string Subject,
    string Category,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyDictionary<string, string> Headers,
    string HtmlBody,
    string TextBody,
    string IndexPath,
    string HtmlPath,
    string TextPath)
{
    public IReadOnlyList<OutboxAttachment> Attachments { get; init; } = [];
}

/// <summary>One attachment of an outbox message: how it was sent, and the file that holds its bytes.</summary>
public sealed record OutboxAttachment(string FileName, string ContentType, string Disposition, string Path);
