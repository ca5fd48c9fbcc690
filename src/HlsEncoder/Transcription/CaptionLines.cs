namespace HlsEncoder.Transcription;

/// <summary>
/// Lays a cue's words out on at most two lines of at most 42 characters. Text that fits on one line stays
/// on one; otherwise the break goes after a sentence's or a clause's punctuation where one allows two
/// lines that fit, else between the words that make the two lines most even (a slightly longer second
/// line preferred, the "pyramid" subtitlers aim for). A word is split only when it is itself too long.
/// </summary>
internal static class CaptionLines
{
    /// <summary>The lines, or null when the words do not fit in two lines.</summary>
    public static string[]? Layout(IReadOnlyList<CaptionPiece> pieces, int from, int to)
    {
        var total = Length(pieces, from, to);
        if (total <= CaptionRules.MaxLineLength)
        {
            return [Join(pieces, from, to)];
        }

        if (total > (CaptionRules.MaxLineLength * CaptionRules.MaxLines) + 1)
        {
            return null;
        }

        var best = -1;
        var bestCost = double.MaxValue;
        var first = 0;
        for (var k = from + 1; k < to; k++)
        {
            first += pieces[k - 1].Text.Length + (k - 1 > from && !pieces[k - 1].Attached ? 1 : 0);
            var second = total - first - (pieces[k].Attached ? 0 : 1);
            if (first > CaptionRules.MaxLineLength)
            {
                break;
            }

            if (second > CaptionRules.MaxLineLength)
            {
                continue;
            }

            var cost = BreakCost(pieces[k - 1], pieces[k]) + (Math.Abs(first - second) * (first > second ? 1.2 : 1.0) / CaptionRules.MaxLineLength);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = k;
            }
        }

        return best < 0 ? null : [Join(pieces, from, best), Join(pieces, best, to)];
    }

    /// <summary>How bad a break between two words is, for lines and for cues alike: 0 after a sentence, up to 4 inside a word.</summary>
    public static double BreakCost(CaptionPiece before, CaptionPiece after) =>
        after.Attached ? 4
        : CaptionText.EndsSentence(before.Text) ? 0
        : CaptionText.EndsClause(before.Text) ? 0.3
        : 1;

    /// <summary>The words on one line: a space between words, none between the pieces of a split word.</summary>
    public static string Join(IReadOnlyList<CaptionPiece> pieces, int from, int to)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = from; i < to; i++)
        {
            if (i > from && !pieces[i].Attached)
            {
                builder.Append(' ');
            }

            builder.Append(pieces[i].Text);
        }

        return builder.ToString();
    }

    public static int Length(IReadOnlyList<CaptionPiece> pieces, int from, int to)
    {
        var length = 0;
        for (var i = from; i < to; i++)
        {
            length += pieces[i].Text.Length + (i > from && !pieces[i].Attached ? 1 : 0);
        }

        return length;
    }
}
