using System.Buffers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace TweetPlatform.Ingest.Apis;

/// <summary>
/// Reads a JSON request body under a size limit, answering 413/415 problem details itself, so an
/// oversize or wrongly typed request never reaches the parser.
/// </summary>
internal static class RequestBodyReader
{
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadJsonAsync(
        HttpRequest request, int maxBytes, bool acceptTextPlain, CancellationToken cancellationToken)
    {
        if (!IsAcceptedContentType(request.ContentType, acceptTextPlain))
        {
            var accepted = acceptTextPlain ? "application/json or text/plain (containing JSON)" : "application/json";
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported content type",
                detail: $"Send the body as {accepted} in UTF-8; got '{request.ContentType ?? "none"}'."));
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min(maxBytes, 4_096));
        while (true)
        {
            var memory = buffer.GetMemory(4_096);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }
        }
        if (buffer.WrittenCount == 0)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "Empty body", detail: "The request body must be a JSON object."));
        }
        return (buffer.WrittenSpan.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Body too large", detail: $"The request body must be at most {maxBytes} bytes.");

    private static bool IsAcceptedContentType(string? contentType, bool acceptTextPlain)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }
        if (mediaType.Charset.HasValue && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)
            || (acceptTextPlain && mediaType.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
    }
}
