using System.Diagnostics;
using CoP.Shared.Members;
using CoP.Shared.Validation;

namespace CoP.Shared.Documents;

/// <summary>A validated upload request: the catalog metadata and the file the member says they will send.</summary>
public sealed record DocumentDraft(
    string Title,
    string? Description,
    IReadOnlyList<string> Topics,
    string DocumentType,
    string? Country,
    string Language,
    int? Year,
    string? ProjectName,
    string? Licence,
    string FileName,
    FileKind Kind,
    long Bytes);

/// <summary>An upload request as a client sends it, before validation.</summary>
public sealed record DocumentUploadFields(
    string? Title,
    string? Description,
    IReadOnlyList<string>? Topics,
    string? DocumentType,
    string? Country,
    string? Language,
    int? Year,
    string? ProjectName,
    string? Licence,
    string? FileName,
    string? ContentType,
    long? Size);

/// <summary>An operator's review of a pending document: publish or reject, and a note for the uploader.</summary>
public sealed record ReviewDecision(bool Approve, string? Note);

/// <summary>
/// The rules of document metadata, shared by the upload request, operator-placed files and the listing filters; free
/// text follows the one text policy (<see cref="PlainText"/>).
/// </summary>
public static class DocumentRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxProjectNameLength = 200;
    public const int MaxLicenceLength = 100;
    public const int MaxTopics = 5;

    public static readonly IReadOnlyList<string> DocumentTypes = ["report", "case-study", "policy-brief", "presentation", "dataset", "other"];

    public const int MaxNoteLength = 1000;

    /// <summary>Validates every field; the draft when all are good, else the errors by field name.</summary>
    public static Validated<DocumentDraft> Check(DocumentUploadFields fields, IReadOnlySet<string> offeredTopics, long maxBytes, int currentYear)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new FieldErrors();
        var title = errors.Text(fields.Title, new TextField("title", MaxTitleLength, Required: true));
        var description = errors.Text(fields.Description, new TextField("description", MaxDescriptionLength, Multiline: true));
        var projectName = errors.Text(fields.ProjectName, new TextField("projectName", MaxProjectNameLength));
        var licence = errors.Text(fields.Licence, new TextField("licence", MaxLicenceLength));

        IReadOnlyList<string> topics = [];
        if (fields.Topics is null || fields.Topics.Count == 0)
        {
            errors.Add("topics", "Choose at least one topic from GET /api/topics.");
        }
        else if (fields.Topics.Count > MaxTopics)
        {
            errors.Add("topics", $"At most {MaxTopics} topics.");
        }
        else if (MemberRules.CheckTopics(fields.Topics, offeredTopics, out topics) is { } topicError)
        {
            errors.Add("topics", topicError);
        }

        var documentType = NormalizeDocumentType(fields.DocumentType);
        if (documentType is null)
        {
            errors.Add("documentType", $"The document type must be one of: {string.Join(", ", DocumentTypes)}.");
        }

        string? country = null;
        if (fields.Country is not null && (country = Countries.Normalize(fields.Country)) is null)
        {
            errors.Add("country", "The country must be an ISO 3166-1 alpha-2 code such as FR or KE.");
        }

        var language = NormalizeLanguage(fields.Language);
        if (language is null)
        {
            errors.Add("language", "The language must be an ISO 639-1 code such as en, fr or es.");
        }

        if (fields.Year is { } year && (year < 1900 || year > currentYear + 1))
        {
            errors.Add("year", $"The year must be between 1900 and {currentYear + 1}.");
        }

        var fileName = SafeFileName.Create(fields.FileName, out var fileNameError);
        if (fileNameError is not null)
        {
            errors.Add("fileName", fileNameError);
        }

        var kind = FileKinds.Find(fields.ContentType);
        if (kind is null)
        {
            errors.Add("contentType", $"This type of file is not accepted. Accepted: {string.Join(", ", FileKinds.Allowed.Select(k => k.ContentType))}.");
        }
        else if (fileName is not null && !FileKinds.HasExtension(kind, fileName))
        {
            errors.Add("fileName", $"A file of type {kind.ContentType} must be named with one of: {string.Join(", ", kind.Extensions)}.");
        }

        if (fields.Size is not { } size || size < 1)
        {
            errors.Add("size", "The size in bytes of the file is required (at least 1).");
        }
        else if (size > maxBytes)
        {
            errors.Add("size", $"The file may be at most {maxBytes} bytes.");
        }

        return errors.Result(() => new DocumentDraft(
            Found(title), description, topics, Found(documentType), country, Found(language), fields.Year, projectName, licence, Found(fileName),
            Found(kind), fields.Size.GetValueOrDefault()));
    }

    /// <summary>An operator's review as sent: <c>approve</c> or <c>reject</c>, and an optional note of a few lines.</summary>
    public static Validated<ReviewDecision> CheckReview(string? decision, string? note)
    {
        var errors = new FieldErrors();
        var approve = decision?.Trim().ToLowerInvariant() switch
        {
            "approve" => true,
            "reject" => false,
            _ => errors.AddIf("decision", "Use approve or reject.") is null,
        };

        var trimmed = note?.Trim();
        if (trimmed is { Length: > MaxNoteLength } || trimmed?.Any(c => char.IsControl(c) && c is not '\n' and not '\r') == true)
        {
            errors.Add("note", $"At most {MaxNoteLength} characters, without control characters.");
        }

        return errors.Result(() => new ReviewDecision(approve, string.IsNullOrEmpty(trimmed) ? null : trimmed));
    }

    /// <summary>A required part of a request that passed every rule: a rule that let it be missing is a bug.</summary>
    private static T Found<T>(T? value)
        where T : class => value ?? throw new UnreachableException("A rule let a required part through without an error.");

    public static string? NormalizeDocumentType(string? value)
    {
        var type = value?.Trim().ToLowerInvariant().Replace(' ', '-');
        return type is not null && DocumentTypes.Contains(type) ? type : null;
    }

    public static string? NormalizeLanguage(string? value)
    {
        var language = value?.Trim().ToLowerInvariant();
        return language is { Length: 2 } && language.All(char.IsAsciiLetterLower) ? language : null;
    }
}
