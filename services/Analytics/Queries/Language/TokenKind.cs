namespace TweetPlatform.Analytics.Queries.Language;

public enum TokenKind
{
    /// <summary>A name or a keyword (keywords are told apart by the parser, case-insensitively).</summary>
    Identifier,
    Number,
    String,
    LeftParen,
    RightParen,
    Comma,
    Star,
    Semicolon,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Minus,
    End,
}
