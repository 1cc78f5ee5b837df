namespace TweetPlatform.Analytics.Queries.Language;

/// <param name="Text">As written (a string literal without its quotes, '' undone).</param>
/// <param name="Position">0-based offset of its first character in the query.</param>
public readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How an error message shows it.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.End => "the end of the query",
        TokenKind.String => $"the string '{Text}'",
        _ => $"'{Text}'",
    };
}
