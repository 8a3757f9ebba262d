using CoP.Functions.Http;
using CoP.Shared.Documents;
using CoP.Shared.Members;
using CoP.Shared.Templates;
using CoP.Shared.Topics;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Documents;

/// <summary>
/// The upload page (<c>upload.&lt;language&gt;.html.liquid</c> and <c>upload.js</c>): the fields
/// <see cref="DocumentUploadFields"/> reads, a file picker limited to <see cref="FileKinds.Allowed"/>, and the
/// form token that <c>RequestDocumentUpload</c> requires beside the session cookie (header <see cref="FormTokenHeader"/>).
/// </summary>
public static class UploadPage
{
    /// <summary>The header in which the upload page's script sends the session's form token.</summary>
    public const string FormTokenHeader = "X-Form-Token";

    public static IResult Form(MemberEntity member, string formToken, IReadOnlyList<Topic> topics, long maxBytes, int currentYear, Uri blobEndpoint, string? contact) =>
        HtmlPages.Page(
            StatusCodes.Status200OK,
            "upload",
            language => new
            {
                FormToken = formToken,
                Action = $"{PageLinks.Base}/documents/uploads",
                Topics = topics.Select(t => new { Value = t.Slug, Label = t.Name }).ToList(),
                Types = DocumentPages.Types(language),
                Countries = Countries.Named.Select(c => new { c.Code, c.Name }).ToList(),
                Languages = DocumentPages.Languages.Append(member.Language).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                    .Select(code => new { Value = code, Selected = code == member.Language }).ToList(),
                Accept = string.Join(',', FileKinds.Allowed.SelectMany(k => k.Extensions.Append(k.ContentType))),
                Extensions = string.Join(", ", FileKinds.Allowed.SelectMany(k => k.Extensions)),
                KindsByExtension = string.Join(' ', FileKinds.Allowed.SelectMany(k => k.Extensions.Select(e => $"{e.TrimStart('.')}={k.ContentType}"))),
                MaxBytes = maxBytes,
                MaxSize = DocumentPages.Size(maxBytes, language),
                MaxYear = currentYear + 1,
                Contact = contact ?? "",
            },
            memberLanguage: member.Language,
            connectTo: [blobEndpoint]);

    /// <summary>The page for a browser without a session that may upload: how to get one.</summary>
    public static IResult NeedsLink(string? contact) =>
        HtmlPages.Page(StatusCodes.Status403Forbidden, "upload-needs-link", new { Contact = contact ?? "" });
}
