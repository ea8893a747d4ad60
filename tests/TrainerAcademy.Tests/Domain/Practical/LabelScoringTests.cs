using TrainerAcademy.Domain;
using TrainerAcademy.Domain.Practical;

namespace TrainerAcademy.Tests.Domain.Practical;

/// <summary>Text classification and entity spans against hand-worked answers.</summary>
public class LabelScoringTests
{
    private static readonly Dictionary<string, string> Gold = new() { ["a"] = "体育", ["b"] = "体育", ["c"] = "财经", ["d"] = "娱乐" };

    private static decimal Line(TaskScore score, string key) => score.Breakdown.Single(l => l.Key == key).Value;

    [Fact]
    public void Classification_counts_an_unanswered_item_as_wrong_and_gives_accuracy_and_macro_F1()
    {
        // a right, b wrong (财经 for 体育), c right, d unanswered. 体育: P 1, R 1/2; 财经: P 1/2, R 1; 娱乐: 0. Macro-F1 = (2/3 + 2/3 + 0) / 3.
        var answers = new Dictionary<string, string?> { ["a"] = "体育", ["b"] = "财经", ["c"] = " 财经 ", ["d"] = null };

        var byAccuracy = TextClassification.Score(Gold, answers, 10m);
        var byMacroF1 = TextClassification.Score(Gold, answers, 10m, ClassificationBasis.MacroF1);

        Assert.Equal((5.00m, 10m), (byAccuracy.Points, byAccuracy.OutOf));
        Assert.Equal((2m, 1m, 0.5m, 0.4444m), (Line(byAccuracy, "correct"), Line(byAccuracy, "unanswered"), Line(byAccuracy, "accuracy"), Line(byAccuracy, "macro-f1")));
        Assert.Equal(0.6667m, Line(byAccuracy, "class-f1:体育"));
        Assert.Equal(0m, Line(byAccuracy, "class-f1:娱乐"));
        Assert.Equal(4.44m, byMacroF1.Points);
    }

    [Fact]
    public void Classification_all_correct_earns_every_point_and_no_answers_earn_none()
    {
        var all = TextClassification.Score(Gold, Gold.ToDictionary(g => g.Key, g => (string?)g.Value), 12.5m, ClassificationBasis.MacroF1);
        var none = TextClassification.Score(Gold, new Dictionary<string, string?>(), 12.5m);
        var invented = TextClassification.Score(Gold, Gold.ToDictionary(g => g.Key, _ => (string?)"其他"), 12.5m, ClassificationBasis.MacroF1);

        Assert.Equal(12.5m, all.Points);
        Assert.Equal((0m, 4m), (none.Points, Line(none, "unanswered")));
        Assert.Equal(0m, invented.Points);
    }

    [Fact]
    public void Classification_without_gold_items_or_with_bad_points_is_refused()
    {
        Assert.Equal("practical.classification-empty",
            Assert.ThrowsAny<RuleViolation>(() => TextClassification.Score(new Dictionary<string, string>(), new Dictionary<string, string?>(), 10m)).Code);
        Assert.Equal("practical.points",
            Assert.ThrowsAny<RuleViolation>(() => TextClassification.Score(Gold, new Dictionary<string, string?>(), 0m)).Code);
    }

    [Fact]
    public void Spans_match_on_start_end_and_type_and_a_duplicate_counts_once()
    {
        EntitySpan[] gold = [new(0, 2, "PER"), new(5, 8, "ORG"), new(10, 12, "LOC")];
        // The PER span twice, the ORG span with the wrong type, the LOC span right: 2 of 3 distinct predictions match.
        EntitySpan[] predicted = [new(0, 2, "PER"), new(0, 2, " PER"), new(5, 8, "LOC"), new(10, 12, "LOC")];

        var score = EntitySpans.Score(gold, predicted, 10m);

        Assert.Equal(6.67m, score.Points);
        Assert.Equal((2m, 0.6667m, 0.6667m, 0.6667m), (Line(score, "matched"), Line(score, "precision"), Line(score, "recall"), Line(score, "f1")));
    }

    [Fact]
    public void Spans_off_by_one_character_do_not_match()
    {
        var score = EntitySpans.Score([new EntitySpan(3, 6, "ORG")], [new EntitySpan(3, 7, "ORG"), new EntitySpan(2, 6, "ORG")], 10m);

        Assert.Equal(0m, score.Points);
    }

    [Fact]
    public void Spans_all_right_earn_every_point_none_given_earn_none_and_nothing_to_find_is_perfect()
    {
        EntitySpan[] gold = [new(0, 2, "PER"), new(5, 8, "ORG")];

        Assert.Equal(8m, EntitySpans.Score(gold, gold.Reverse(), 8m).Points);
        Assert.Equal(0m, EntitySpans.Score(gold, [], 8m).Points);
        Assert.Equal(8m, EntitySpans.Score([], [], 8m).Points);
        Assert.Equal(0m, EntitySpans.Score([], [new EntitySpan(0, 1, "PER")], 8m).Points);
        Assert.Equal("practical.span-gold", Assert.ThrowsAny<RuleViolation>(() => EntitySpans.Score([new EntitySpan(4, 4, "PER")], [], 8m)).Code);
    }
}
