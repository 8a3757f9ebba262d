using CoP.Shared.Documents;

namespace CoP.Tests.Documents;

public sealed class AttachmentDispositionTests
{
    [Theory]
    [InlineData("report.pdf", "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf")]
    [InlineData("Étude-sol.pdf", "attachment; filename=\"_tude-sol.pdf\"; filename*=UTF-8''%C3%89tude-sol.pdf")]
    [InlineData("تقرير.pdf", "attachment; filename=\"_____.pdf\"; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.pdf")]
    public void DownloadsAreAttachmentsNamedInAsciiAndInUtf8(string fileName, string expected) =>
        Assert.Equal(expected, DocumentBlobs.AttachmentDisposition(fileName));

    [Theory]
    [InlineData("a\"b.pdf", "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%22b.pdf")]
    [InlineData("a\\b.pdf", "attachment; filename=\"a_b.pdf\"; filename*=UTF-8''a%5Cb.pdf")]
    [InlineData("a\"; filename=evil.html", "attachment; filename=\"a_; filename=evil.html\"; filename*=UTF-8''a%22%3B%20filename%3Devil.html")]
    public void KeepsTheQuotedNameClosedWhenTheNameHoldsAQuoteOrBackslash(string fileName, string expected) =>
        Assert.Equal(expected, DocumentBlobs.AttachmentDisposition(fileName));
}
