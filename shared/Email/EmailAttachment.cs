using System.Text;

namespace CoP.Shared.Email;

/// <summary>How a mail client shows an attachment: as a file to open, or within the message.</summary>
public enum AttachmentDisposition
{
    Attachment,
    Inline,
}

/// <summary>
/// A file that travels with a message (a calendar invitation): its name, its media type (parameters included, e.g.
/// <c>text/calendar; method=REQUEST; charset=UTF-8</c>) and its bytes. <see cref="EmailMessageRules"/> bounds them.
/// </summary>
public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content, AttachmentDisposition Disposition = AttachmentDisposition.Attachment)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A text attachment, encoded as UTF-8 without a byte order mark.</summary>
    public static EmailAttachment Text(string fileName, string contentType, string text, AttachmentDisposition disposition = AttachmentDisposition.Attachment) =>
        new(fileName, contentType, Utf8.GetBytes(text), disposition);

    /// <summary>The content as base64, as SendGrid takes it.</summary>
    public string ContentBase64 => Convert.ToBase64String(Content.Span);

    /// <summary>The content read as UTF-8 text.</summary>
    public string ContentText => Utf8.GetString(Content.Span);

    /// <summary>The disposition's wire name.</summary>
    public string DispositionName => Disposition == AttachmentDisposition.Inline ? "inline" : "attachment";
}
