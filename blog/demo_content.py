"""Sample essays and comments that `flask seed-demo` puts in a fresh blog."""

DEMO_POSTS: list[dict] = [
    {
        "title": "The Price of a Kilowatt-Hour Is a Political Document",
        "labels": ["Energy", "Economics"],
        "days_ago": 3,
        "body": """\
When a household opens its electricity bill, it sees a single price per kilowatt-hour and
assumes, reasonably enough, that the number describes what it costs to make electricity.
Mostly it does not. The energy itself — the fuel burned, the wind caught, the water let
through a turbine — is often less than half of what is charged. The rest is a stack of
decisions about who pays for wires, for reliability, for old mistakes and for new ambitions.

That is not a scandal. It is simply what a tariff is: a political settlement written in the
language of accounting. The trouble starts when we argue about the price as if it were a
fact of nature rather than a sequence of choices that could have gone otherwise.

<!--more-->

## What the bill is made of

Consider a stylised residential tariff in a mid-sized European market. The figures below are
illustrative; they follow the pattern that regulators' own breakdowns tend to show rather
than the numbers of any single country.[^1]

| Component | Share of the unit price | Who decides it |
|---|---:|---|
| Wholesale energy | 35% | Markets, mostly |
| Transmission and distribution | 25% | The regulator |
| Policy levies (renewables, efficiency) | 15% | Parliament |
| Taxes and VAT | 20% | The finance ministry |
| Supplier margin | 5% | Competition, in theory |

Read the right-hand column again. Only one line is set by anything resembling a market. The
others are set by institutions with different mandates, different time horizons and
different constituencies to answer to.

## Why fixed costs end up in the variable price

Networks are expensive to build and nearly free to use once built. An economist's first
instinct is to recover such costs through a fixed charge, so that the price of an extra
kilowatt-hour reflects the *marginal* cost of supplying it. Almost nobody does this in full,
for a reason that is obvious once stated: a large fixed charge falls hardest on small
consumers, who are disproportionately poorer.[^2]

So regulators fold network costs into the unit price. This is a redistribution — a quiet one
— and it has consequences. It makes electricity look more expensive at the margin than it
really is, which discourages exactly the switch to heat pumps and electric cars that climate
policy is trying to encourage. It also rewards households that can install rooftop panels,
since every unit they avoid buying also avoids a slice of a network charge they still rely
on.

> A tariff that was fair in a world of passive consumers becomes unfair, in a different
> direction, in a world where the better-off can partly opt out.

## Three things worth arguing about instead

When the next round of complaints about prices arrives, I would rather we argued about
these:

1. **Where network costs should sit.** A modest fixed charge, paired with a targeted rebate
   for low-income households, would let the unit price fall closer to marginal cost without
   making the poorest pay more.[^3]
2. **Which levies belong on the bill at all.** Funding decarbonisation through electricity
   prices taxes the cleanest fuel to pay for its own expansion. General taxation is a fairer
   and more transparent home for much of it.
3. **How honest the bill is.** Itemising the components costs almost nothing. Households
   that can see the levy line are better placed to judge whether it is worth paying.

None of these is a technical question with a single correct answer. Each trades efficiency
against fairness, and today's consumers against tomorrow's.

## The uncomfortable conclusion

It is tempting to say that if only politics stayed out of pricing, electricity would be
cheaper. The evidence does not support that. For most of the bill, politics *is* the
pricing, and it always has been.[^4] What we can ask is that the politics be done in the
open: that whoever sets each line of the tariff says what it buys, and for whom.

The kilowatt-hour will never be a neutral number. It can, at least, be a **legible** one.

## Sources

[^1]: Council of Energy Regulators, *Retail Price Components Report* (Regulators' Press,
    2023). <https://example.org/reports/retail-price-components>
[^2]: M. Hartley and S. Osei, "Fixed Charges and the Distribution of Network Costs,"
    *Journal of Utility Economics* 41, no. 2 (2021). <https://example.org/jue/fixed-charges>
[^3]: L. Brandt, *Designing Fair Tariffs* (Example University Press, 2022).
    <https://example.com/books/fair-tariffs>
[^4]: R. Acheampong, "A Short History of the Residential Tariff," working paper (Institute
    for Energy Policy, 2020). <https://example.org/papers/tariff-history>
""",
        "comments": [
            {
                "key": "c1",
                "name": "Henrik Lund",
                "website": "",
                "body": (
                    "I think you are too kind to fixed charges. Every utility that has pushed "
                    "for a higher standing charge in the last decade has dressed it up in "
                    "exactly this language of marginal cost, and every time the result was that "
                    "small users paid more and large users paid less.\n\n"
                    "The rooftop solar point is a utility talking point too. Solar households "
                    "are still a tiny share of demand in most places. The cost shift is real "
                    "but small, and it is being used to justify something much larger."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 45,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "That is a fair warning, and I share the suspicion of how the argument gets "
                    "used. The version I would defend is the one with the targeted rebate "
                    "attached. Without it, I agree, a higher fixed charge is simply "
                    "regressive.\n\n"
                    "On solar, you are right that the shift is small today. My worry is the "
                    "trajectory: home batteries make partial opt-out much easier, and tariffs "
                    "take years to redesign."
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 130,
            },
            {
                "key": "c3",
                "name": "Henrik Lund",
                "website": "",
                "body": (
                    "Targeted rebates have a take-up problem, though. The households who most "
                    "need them are the least likely to apply. I would want automatic enrolment "
                    "through the tax or benefits system before I accepted the trade."
                ),
                "reply_to": "c2",
                "by_author": False,
                "minutes_after": 190,
            },
            {
                "key": "c4",
                "name": "",
                "website": "",
                "body": (
                    "Is 20% for taxes typical? Where I live VAT on household electricity alone "
                    "is 21%, and there is an excise duty on top of that, so the share must be "
                    "higher."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 240,
            },
            {
                "key": "c5",
                "name": "",
                "website": "",
                "body": (
                    "It varies a lot. The table is a composite and 20% sits near the middle of "
                    "the range I have seen. A few countries are well above 30% once excise and "
                    "VAT are combined, and a couple apply a reduced VAT rate to household "
                    "energy. I should have said so in the post."
                ),
                "reply_to": "c4",
                "by_author": True,
                "minutes_after": 300,
            },
            {
                "key": "c6",
                "name": "Priya Raman",
                "website": "https://example.com/priya-raman",
                "body": (
                    "The heat pump point deserves its own post. We looked at switching last "
                    "winter and the running-cost comparison with our gas boiler came out close "
                    "to a wash, almost entirely because of what is loaded onto the electricity "
                    "unit price compared with the gas unit price.\n\n"
                    "If even part of the levies moved to general taxation, the sums would look "
                    "completely different. It is strange to watch climate policy working "
                    "against itself on a single bill."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 520,
            },
            {
                "key": "c7",
                "name": "Marcus Bell",
                "website": "http://marcusbell.example.net",
                "body": (
                    "You say only the wholesale line is set by a market. But wholesale prices "
                    "across most of Europe are set by the marginal gas plant, and that is "
                    "itself a product of market design rules chosen by regulators. So even that "
                    "line is political, and arguably it is the line that moved prices most in "
                    "the last few years. Calling it \"markets, mostly\" undersells your own "
                    "argument."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 780,
            },
            {
                "key": "c8",
                "name": "Priya Raman",
                "website": "https://example.com/priya-raman",
                "body": (
                    "Agree with Marcus. Marginal pricing is a design choice, not a law of "
                    "physics. There are serious proposals to split the market so that "
                    "renewables are paid something closer to their own costs."
                ),
                "reply_to": "c7",
                "by_author": False,
                "minutes_after": 860,
            },
            {
                "key": "c9",
                "name": "",
                "website": "",
                "body": (
                    "Both fair. I wrote \"mostly\" as a hedge and it is doing too much work. "
                    "Marginal pricing has good reasons behind it, since it tells flexible "
                    "plants when to run, but it is a choice, and the split-market proposals "
                    "deserve a proper look. I will come back to them in a later post."
                ),
                "reply_to": "c8",
                "by_author": True,
                "minutes_after": 1010,
            },
            {
                "key": "c10",
                "name": "",
                "website": "",
                "body": (
                    "Itemised bills already exist where I live and nobody reads them. "
                    "Transparency is nice, but I doubt it changes anything."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 1500,
            },
            {
                "key": "c11",
                "name": "Henrik Lund",
                "website": "",
                "body": (
                    "Nobody reads them until prices spike. Then everyone does, and the "
                    "itemisation decides which institution gets the blame. That alone is worth "
                    "something."
                ),
                "reply_to": "c10",
                "by_author": False,
                "minutes_after": 1620,
            },
            {
                "key": "c12",
                "name": "",
                "website": "",
                "body": (
                    "Thank you, everyone: this turned into a better discussion than the post. "
                    "Several of you asked about the data behind the table. It combines the "
                    "report in note 1 with national breakdowns, and I will write a short note "
                    "on the sources and the range across countries."
                ),
                "reply_to": None,
                "by_author": True,
                "minutes_after": 2400,
            },
        ],
    },
    {
        "title": "What Rent Control Debates Leave Out",
        "labels": ["Cities", "Economics"],
        "days_ago": 8,
        "body": """\
Few policy arguments are as well rehearsed as the one over rent control. One side points to
tenants priced out of neighbourhoods they have lived in for decades. The other points to the
textbook: cap the price of something and you will get less of it. Both are right about what
they are looking at. What strikes me, after reading a great deal from both camps, is how
much neither of them looks at.

The debate is usually conducted as though the only variables were the rent and the number of
flats. In practice a rent cap changes the *composition* of who lives where, how long they
stay, how buildings are maintained, and what owners do with property they would rather not
let. Those second-order effects are where most of the action is.

<!--more-->

## Mobility, not just supply

The better recent evidence on rent stabilisation does not find that covered tenants are made
worse off on average. It finds that they move less.[^1] That sounds benign, and for an
elderly tenant living near family it often is. But a labour market depends on people being
able to move towards work. A city where a large share of residents are effectively anchored
to their current lease is a city where job matches are worse, commutes are longer, and
newcomers face a thinner market.

The cost of that immobility does not show up in any tenant's rent. It shows up in wages that
are slightly lower than they would otherwise be, and in the rents paid by people who arrived
last year.

## What owners do instead

Owners facing a cap have more options than the two the textbook offers (let at the capped
price, or do not build). Among them:

- **Conversion.** Rental flats become owner-occupied units, which shrinks the rental stock
  without a single building being demolished.
- **Deferred maintenance.** If the rent cannot rise, spending on the building is harder to
  recover, and quality drifts downward.
- **Selection.** When many applicants compete for each capped flat, owners choose among
  them, and the criteria they use are not always ones a housing policy would endorse.
- **Short-term letting**, where the rules permit it, which moves units out of the
  residential market altogether.[^2]

Each of these can be regulated in turn, and many cities do regulate them. But every added
rule is another thing to enforce, and enforcement is the part of housing policy that is
least funded and least discussed.

## The question underneath

> Rent control is an answer to the question "how do we protect the people who are already
> here?" It is a poor answer to "how do we make room for more people?"

I owe that framing to a planner I spoke with some years ago, and I think it explains why the
debate is so stuck. The two camps are answering different questions. Tenant advocates are
right that displacement is a real harm with real victims, and that building more housing
will not help a family evicted this year. Economists are right that a city which cannot grow
its housing stock will see rents rise for everyone not already protected.[^3]

A serious policy would take both questions seriously at once. That probably means some form
of *tenancy* protection — limits on annual increases for sitting tenants, stronger rules on
eviction — paired with permissive zoning that lets supply respond. This is roughly what
several German and Scandinavian cities have tried, with mixed but instructive results.[^4]

## What I would want to know

If I were advising a city council, I would want three numbers before it voted on any rent
measure: how many households face a real risk of displacement in the next five years; how
much the housing stock could grow under current zoning if demand were met; and how many
housing inspectors the city actually employs. The third number is usually the most
revealing.

## Sources

[^1]: J. Okafor and D. Lindqvist, "Rent Stabilisation and Tenant Mobility: Evidence from
    Lease Records," *Urban Economics Review* 18 (2019).
    <https://example.org/uer/rent-mobility>
[^2]: City Housing Observatory, *Conversions and Withdrawals from the Rental Stock*
    (Observatory Reports, 2021). <https://example.com/observatory/conversions>
[^3]: A. Moreau, *The Supply Side of the City* (Example Academic, 2018).
    <https://example.org/books/supply-side-city>
[^4]: K. Sørensen, "Tenancy Protection in Northern European Cities: A Comparative Note,"
    policy brief (Nordic Housing Forum, 2022).
    <https://example.org/briefs/tenancy-protection>
""",
        "comments": [
            {
                "key": "c1",
                "name": "Dana Whitfield",
                "website": "https://example.com/dana-whitfield",
                "body": (
                    "As someone who organises tenants, I find the mobility argument a bit "
                    "abstract. The people I work with are not weighing job matches against "
                    "lease security. They are trying not to lose their children's school place "
                    "because a landlord found someone willing to pay more.\n\n"
                    "You do acknowledge this, to be fair. But in practice the mobility point is "
                    "always raised to argue against protections, never to design better ones."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 95,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "I think that is true of how it is usually deployed, and I do not want to "
                    "be part of that. The point I was trying to make is that the cost of "
                    "immobility falls on people who are not in the room, such as newcomers and "
                    "younger workers, and they deserve a voice too. Tenancy protection without "
                    "a supply response asks them to carry the whole cost."
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 210,
            },
            {
                "key": "c3",
                "name": "",
                "website": "",
                "body": (
                    "Newcomers also do not vote in local elections yet, which is part of why "
                    "this keeps happening. Whoever is already housed gets represented; whoever "
                    "would like to be housed does not."
                ),
                "reply_to": "c2",
                "by_author": False,
                "minutes_after": 400,
            },
            {
                "key": "c4",
                "name": "Tomasz Nowak",
                "website": "",
                "body": (
                    "I would push back on the German example. The rent brake in the big cities "
                    "has been riddled with exemptions for new buildings, modernised flats and "
                    "furnished lets, and enforcement depends on tenants suing their own "
                    "landlords, which very few do. It is not obvious it has done much at all."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 1300,
            },
            {
                "key": "c5",
                "name": "",
                "website": "",
                "body": (
                    "That matches what I have read, and \"mixed\" was probably generous. I "
                    "included it because it illustrates the enforcement point so well: a rule "
                    "that relies on individual tenants to enforce it will be weakest exactly "
                    "where tenants are most vulnerable."
                ),
                "reply_to": "c4",
                "by_author": True,
                "minutes_after": 1600,
            },
            {
                "key": "c6",
                "name": "",
                "website": "",
                "body": (
                    "\"The third number is usually the most revealing.\" So true. Our city has "
                    "four housing inspectors for roughly ninety thousand rental units. "
                    "Everything else in the debate is theatre until that changes."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 3900,
            },
        ],
    },
    {
        "title": "Averages Lie Quietly: Reading Income Statistics",
        "labels": ["Method", "Economics"],
        "days_ago": 12,
        "body": """\
Every few months a headline announces that "the average household" has become richer or
poorer by some precise-sounding amount. I have come to read these headlines the way one
reads a weather forecast for an entire continent: technically informative, practically
useless for deciding whether to take an umbrella.

The statistics are rarely wrong. The problem is that the word *average* is doing several
different jobs at once, and the choice between them can reverse the story.

<!--more-->

## Mean, median, and the gap between them

Take ten households. Nine earn between 31,000 and 50,000 a year; one earns 400,000. The mean
is pulled sharply upward by that single household, while the median, the income of the
household in the middle, barely notices it. A small calculation makes the point:

```python
from statistics import mean, median

incomes = [31_000, 34_000, 36_000, 38_000, 40_000,
           42_000, 44_000, 47_000, 50_000, 400_000]

print(f"mean:   {mean(incomes):>9,.0f}")    # 76,200
print(f"median: {median(incomes):>9,.0f}")  # 41,000

# A 10% raise for the top household only:
incomes[-1] = round(incomes[-1] * 1.10)
print(f"mean:   {mean(incomes):>9,.0f}")    # 80,200
print(f"median: {median(incomes):>9,.0f}")  # 41,000
```

The mean rose by about five per cent. Nine households out of ten saw nothing. Both numbers
are correct; they answer different questions.

## Which households, counted how?

Beyond the choice of statistic, there are quieter choices that matter just as much:

- **The unit.** Household income, income per person and *equivalised* income (adjusted for
  household size) can move in different directions when households change shape, as they do
  when young adults stay longer with their parents.[^1]
- **Before or after taxes and transfers.** Market income can stagnate while disposable
  income rises, or the reverse, depending on policy.
- **The deflator.** Adjusting for inflation with a consumer price index rather than a
  broader deflator can change a decade's growth estimate by a noticeable margin.[^2]

The table below shows, for an invented but realistic economy, how differently the same
decade can be described.

| Measure, 2013–2023, in real terms | Change |
|---|---:|
| Mean household market income | +14% |
| Median household market income | +3% |
| Median equivalised disposable income | +9% |
| Median income of the bottom fifth of households | −2% |

A writer who wanted to say "incomes have soared" would quote the first line. A writer who
wanted "the poor have fallen behind" would quote the last. Neither would be lying.

## A modest discipline

I try to follow a few rules when I write about income, and I recommend them to anyone
reading about it:

1. Prefer the median to the mean, unless there is a specific reason to care about totals.
2. Say which unit is counted and whether taxes and transfers are included.
3. Report the distribution, at least by fifths, rather than a single number when space
   allows.[^3]
4. Be suspicious of any measure that appears to have been chosen *after* the conclusion.

> The honest answer to "are people better off?" is almost always "which people, measured
> how, compared with when?"

That answer does not make a good headline. It does make a better argument, and it protects
the reader from the most common way statistics mislead: not by being false, but by being
**selected**.

## Sources

[^1]: Statistical Methods Unit, *Equivalence Scales in Household Surveys* (National
    Statistics Office, 2019). <https://example.org/methods/equivalence-scales>
[^2]: P. Ferreira, "Deflators and the Measurement of Long-Run Income Growth," *Review of
    Income Measurement* 12 (2020). <https://example.org/rim/deflators>
[^3]: H. Adeyemi and C. Walsh, *Reporting Distributions: A Guide for Journalists* (Example
    Press, 2021). <https://example.com/guides/reporting-distributions>
""",
        "comments": [
            {
                "key": "c1",
                "name": "",
                "website": "",
                "body": (
                    "Nice example, but the median hides things too. If every household in the "
                    "bottom half loses income and every household in the top half gains, the "
                    "median can stay flat while inequality explodes. Your third rule covers "
                    "this, but I would have put it first."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 60,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "Agreed: the median beats the mean for most purposes, but no single number "
                    "survives a determined reader. I ordered the list by how often each rule is "
                    "broken rather than by importance, which I should have said."
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 150,
            },
            {
                "key": "c3",
                "name": "Lena Hoffmann",
                "website": "https://example.org/~lhoffmann",
                "body": (
                    "For anyone who wants to check the bottom-fifth figures for their own "
                    "country, this is the query I used on our statistics office portal (sorry, "
                    "the link is long):\n\n"
                    "https://example.org/stats/query?dataset=household%5Fincome&filter=%7B%22me"
                    "asure%22%3A%22median%5Fequivalised%5Fdisposable%22%2C%22quintile%22%3A%5B1"
                    "%2C2%2C3%2C4%2C5%5D%2C%22years%22%3A%5B2013%2C2014%2C2015%2C2016%2C2017%2C"
                    "2018%2C2019%2C2020%2C2021%2C2022%2C2023%5D%2C%22deflator%22%3A%22cpi%22%2C"
                    "%22unit%22%3A%22household%22%2C%22region%22%3A%22all%22%7D&format=table&la"
                    "ng=en%2DGB&session=a8f3e9c1d2b7465f9e0a1b2c3d4e5f60\n\n"
                    "The series starts in 2013, and you can switch the deflator in the filter."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 700,
            },
            {
                "key": "c4",
                "name": "Rafael Ortega",
                "website": "",
                "body": (
                    "Thanks for this. Switching from the consumer price index to the broader "
                    "deflator changed our decade growth figure by almost two percentage points, "
                    "which is more than the entire gap between the two main parties' claims at "
                    "the last election."
                ),
                "reply_to": "c3",
                "by_author": False,
                "minutes_after": 820,
            },
            {
                "key": "c5",
                "name": "",
                "website": "",
                "body": (
                    "That is a remarkable illustration of the point, and a better one than "
                    "mine. Would you mind if I quoted it in a follow-up?"
                ),
                "reply_to": "c4",
                "by_author": True,
                "minutes_after": 1000,
            },
        ],
    },
    {
        "title": "تحلية المياه في الخليج: الوجه الآخر لفاتورة الطاقة",
        "labels": ["Middle East", "Energy"],
        "days_ago": 26,
        "body": """\
حين نتحدث عن الطاقة في دول الخليج، ينصرف الذهن عادةً إلى النفط والغاز المُصدَّرَين. وفي بعض
دول المنطقة تؤمّن التحلية أكثر من ثلاثة أرباع مياه الشرب، ما يجعل أمن المياه وأمن الطاقة
وجهين لعملة واحدة. لكن جزءاً كبيراً من الطاقة المستهلكة محلياً يذهب إلى غاية أقل ظهوراً وأشد
إلحاحاً: تحويل مياه البحر إلى مياه صالحة للشرب.[^1]

## كلفة الماء هي كلفة الطاقة

تعتمد كثير من محطات التحلية القديمة في المنطقة على *التقطير الحراري*، وهو أسلوب يستهلك كميات
كبيرة من الوقود. أما تقنية التناضح العكسي الأحدث فتستهلك طاقة أقل بكثير لكل متر مكعب، غير أن
التحول إليها يتطلب استثمارات ضخمة وإعادة تصميم العلاقة بين محطات الكهرباء ومحطات المياه، إذ
كانت الاثنتان تُبنيان معاً في مجمّع واحد يستفيد فيه الماء من حرارة التوليد.[^2]

## ما الذي يعنيه ذلك للسياسة العامة؟

- إن دعم أسعار المياه للمستهلك هو في حقيقته دعم غير مباشر للطاقة.
- إن خفض الهدر في شبكات التوزيع قد يكون أرخص من بناء محطة جديدة.
- إن ربط التحلية بالطاقة الشمسية يفتح باباً لخفض الكلفة والانبعاثات معاً.[^3]

> الماء في الخليج ليس مورداً طبيعياً بقدر ما هو منتَج صناعي، وينبغي أن يُسعَّر ويُدار على
> هذا الأساس.

لا يعني ذلك رفع الأسعار على الأسر دفعة واحدة، فالماء حاجة أساسية لا سلعة كمالية. بل يعني أن
تكون الكلفة الحقيقية **معلنة وواضحة**، حتى يعرف صانع القرار والمواطن معاً ما الذي يُدفع
ثمنه، ومن الذي يدفعه، وكم سيدفع الجيل القادم إن بقيت المعادلة على حالها.

## المصادر

[^1]: سعد الحربي، *الطاقة والمياه في دول الخليج* (دار المثال للنشر، 2021).
    <https://example.org/ar/books/energy-water-gulf>
[^2]: نورة القاسمي، «من التقطير إلى التناضح العكسي: تحولات صناعة التحلية»، *مجلة اقتصاديات
    الموارد* 9 (2022). <https://example.org/ar/journal/desalination>
[^3]: مركز دراسات الطاقة المتجددة، *التحلية بالطاقة الشمسية: الإمكانات والكلفة* (2023).
    <https://example.com/ar/reports/solar-desalination>
""",
        "comments": [
            {
                "key": "c1",
                "name": "خالد المنصوري",
                "website": "",
                "body": (
                    "مقالة مفيدة جداً. أضيف أن بعض الدول بدأت فعلاً بفصل محطات المياه عن محطات "
                    "الكهرباء، وقد كتبتُ عن ذلك بالتفصيل هنا: "
                    "https://ar.example.org/مقالة/الطاقة\n\n"
                    "لكن يبقى السؤال: من سيتحمل كلفة الانتقال إذا بقيت الأسعار مدعومة بالكامل؟"
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 120,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "شكراً على الإضافة والرابط. سؤالك في محله، وأظن أن الجواب يكمن في التدرج: "
                    "البدء بكبار المستهلكين في القطاعين الصناعي والتجاري، مع حماية الاستهلاك "
                    "المنزلي الأساسي في المرحلة الأولى."
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 310,
            },
            {
                "key": "c3",
                "name": "Sarah Jennings",
                "website": "",
                "body": (
                    "Reading this through a translation tool, so apologies if I have missed "
                    "some nuance. The point about power and water plants being built as a "
                    "single complex was new to me, and it explains why switching technology is "
                    "much harder than the cost per cubic metre suggests. I would love an "
                    "English version."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 2000,
            },
        ],
    },
    {
        "title": "Remittances and the Quiet Economy of the Levant",
        "labels": ["Middle East", "Economics"],
        "days_ago": 47,
        "body": """\
Ask where the money in a small Levantine town comes from and you will often hear about
trade, farming, a public-sector salary or two. You will hear less often the answer that
household surveys give: a substantial share arrives every month from a son in the Gulf, a
daughter in Europe or a cousin in West Africa.[^1]

Remittances are among the most stable financial flows into the region, and among the least
discussed in policy debates that tend to dwell on aid, investment and oil. That neglect is a
mistake, because remittances shape consumption, housing, work and even politics in ways that
are easy to miss from a ministry.

<!--more-->

## Stable when nothing else is

The striking feature of remittance flows is their resilience. When a currency collapses or a
banking system freezes, foreign investment flees and aid is reprogrammed, but migrants keep
sending money home, often *more* of it, because the family's need has grown.[^2] In several
recent crises in the region, remittances were the largest single source of foreign currency
reaching ordinary households.

This counter-cyclical quality makes them an informal insurance system. Nobody designed it,
nobody regulates it as insurance, and it works better than most of the formal alternatives.

## What remittances do, and do not do

The evidence on their wider effects is more mixed than either enthusiasts or sceptics
suggest. Broadly:

1. **They reduce poverty directly.** Receiving households consume more and are less likely
   to fall below the poverty line.
2. **They pay for housing and schooling** far more than for business investment, which is
   rational given the risk of starting a firm in an unstable economy.
3. **They can reduce work among recipients**, particularly where local wages are low. This
   finding is often read as dependency, when it may simply reflect a sensible choice.[^3]
4. **They raise local prices**, especially for land and housing in towns with heavy
   emigration, which hurts neighbours who receive nothing.

## The cost of sending

One policy lever is unglamorous and underused: the cost of the transfer itself. Fees and
exchange-rate margins on small transfers into the region have long been high, and a few
percentage points on a flow of this size add up to a large sum taken from poor households.

| Corridor (illustrative) | Average cost of sending 200 |
|---|---:|
| Gulf to Levant, bank transfer | 7.5% |
| Gulf to Levant, money transfer operator | 4.8% |
| Europe to Levant, mobile-based service | 3.1% |

> Cutting the cost of remittances is one of the rare development policies that costs
> governments almost nothing and helps the poor almost immediately.

Regulators can help by admitting more competition among transfer operators, by not letting
anti-money-laundering rules become an excuse to shut out small providers, and by publishing
comparable price data so that senders can shop around.[^4]

## A quieter kind of policy

None of this substitutes for growth at home. A country whose main export is its young people
has a problem that remittances ease but do not solve. Still, a government that cannot yet
repair its labour market could do worse than make sure the money its emigrants send arrives
cheaply, safely and in full.

## Sources

[^1]: Regional Household Survey Consortium, *Household Income Sources in the Levant,
    2015–2022* (Consortium Reports, 2023). <https://example.org/surveys/levant-income>
[^2]: F. Haddad, "Remittances in Crisis: Evidence from Currency Collapses," *Middle East
    Economic Studies* 27 (2022). <https://example.org/mees/remittances-crisis>
[^3]: G. Nasser and T. Kim, *Migration, Money and Work* (Example University Press, 2019).
    <https://example.com/books/migration-money-work>
[^4]: Payments Transparency Initiative, *Remittance Price Monitor: Methodology* (2021).
    <https://example.org/rpm/methodology>
""",
        "comments": [
            {
                "key": "c1",
                "name": "Omar Saleh",
                "website": "https://example.com/omar-saleh",
                "body": (
                    "Point 3 is very familiar from home, but I would say the dependency reading "
                    "is not just over-interpreted, it is often backwards. When local jobs pay "
                    "less than the commute costs, staying out of work is not laziness, it is "
                    "arithmetic.\n\n"
                    "What remittances really changed in my town was the housing market. Land "
                    "near the main road tripled in price in a decade, almost entirely on money "
                    "earned abroad."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 200,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "Thank you, that is a vivid version of point 4, and it is the effect I "
                    "think gets the least attention. Land price inflation driven by remittances "
                    "is a transfer from families without a migrant to landowners, and nobody "
                    "voted for it."
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 600,
            },
            {
                "key": "c3",
                "name": "",
                "website": "",
                "body": (
                    "What about mobile money? In East Africa it cut transfer costs "
                    "dramatically. Is there a reason it has not spread as fast in the Levant?"
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 5000,
            },
            {
                "key": "c4",
                "name": "Claire Dubois",
                "website": "",
                "body": (
                    "Regulation, mostly, from what I have seen working in payments. Central "
                    "banks in the region have been cautious about licensing non-bank providers, "
                    "and correspondent banks have been cutting ties with small operators. The "
                    "technology is not the bottleneck."
                ),
                "reply_to": "c3",
                "by_author": False,
                "minutes_after": 5400,
            },
        ],
    },
    {
        "title": "Every Forecast Deserves an Obituary",
        "labels": ["Method"],
        "days_ago": 75,
        "body": """\
Every January, institutions publish forecasts for the year ahead: growth, inflation,
unemployment, the price of oil. Every December, almost nobody looks back at them. The
forecasts are not bad, exactly; some are quite good. But without a public reckoning, readers
cannot tell the good from the lucky, and forecasters have little reason to say how confident
they really were.

I would like to propose a small habit: every forecast should be published together with the
date on which its author will write its obituary.

## What an obituary would contain

A forecast obituary need not be long. It should state:

1. What was predicted, with the exact figures and the range given at the time.
2. What happened.
3. Which assumptions turned out to be wrong, and whether the error came from the model, the
   data, or an event no model could have anticipated.
4. What the forecaster would do differently next time.

The third item matters most. A forecast that missed because of an unforeseeable war is
different from one that missed because it assumed, yet again, that productivity growth was
about to return to its old trend.[^1]

## Why ranges matter more than points

Most published forecasts are single numbers: growth of 1.8%, inflation of 2.4%. The
forecasters themselves usually know the uncertainty is wide, and the better institutions
publish *fan charts* that show it. But the single number is what gets quoted, and it lends a
precision that was never there.[^2]

If forecasts were routinely reviewed, the useful question would shift from "were they
right?" to "**were they well calibrated?**" A forecaster who says there is a 70% chance of
something should see it happen about seven times in ten. That is a standard one can actually
check, given enough forecasts, and it rewards honesty about uncertainty rather than
confident guessing.

> A forecast is a claim about the world plus a claim about how far to trust the first claim.
> We usually publish only half of it.

## The incentives problem

Why does this not happen already? Partly because a public record of misses is uncomfortable,
and institutions are not rewarded for discomfort. Partly because the people who read
forecasts rarely remember them, so nobody demands the review. And partly because a forecast
is often less a prediction than a *signal*: a central bank's projection of inflation is also
a statement of what it intends to bring about.[^3]

That last point cuts both ways. If a forecast is partly a commitment, then reviewing it is
also a way of holding the institution to that commitment, which is all the more reason to do
it.

There is a cost, and it is worth naming. A culture of obituaries could make forecasters more
timid, hedging every number until it says nothing. The answer is to judge calibration over
many forecasts rather than punishing any single miss; a forecaster who is wrong a third of
the time when claiming two-thirds confidence is doing the job well.

## A modest start

I will try to follow my own advice. Earlier this year I set down a short list of
expectations for energy prices and housing starts. I have put a date in the diary to write
their obituary, and I will publish it here whether it flatters me or not. Readers are
welcome to hold me to that.

## Sources

[^1]: E. Marsh, "Persistent Optimism in Productivity Forecasts," *Journal of Forecasting
    Practice* 15 (2020). <https://example.org/jfp/productivity-optimism>
[^2]: Central Bank Research Unit, *Communicating Uncertainty with Fan Charts* (Staff Paper
    Series, 2018). <https://example.org/cb/fan-charts>
[^3]: I. Castellanos, *Forecasts as Commitments* (Example Academic, 2021).
    <https://example.com/books/forecasts-commitments>
""",
        "comments": [],
    },
    {
        "title": "Congestion Pricing, Three Years On",
        "labels": ["Cities", "Economics", "Energy"],
        "days_ago": 109,
        "body": """\
Three years ago, a mid-sized city I have followed closely began charging drivers to enter
its centre during working hours. The scheme was modest: a flat daily fee, exemptions for
residents and disabled drivers, and the revenue earmarked for buses. The arguments before it
began were loud and predictable. The arguments since have been quieter, and more
interesting.

I want to set out what the city's own monitoring reports show, what they do not show, and
what other cities might take from them. The usual caveat applies: one city is an anecdote,
and the details of this one, its size, its bus network and its geography, will not transfer
neatly elsewhere.

## What changed

The headline figures from the monitoring reports, comparing the year before the charge with
the most recent full year, are these:[^1]

| Indicator (charging zone, weekdays) | Before | Year three | Change |
|---|---:|---:|---:|
| Private vehicles entering, daily | 82,000 | 64,000 | −22% |
| Average peak speed (km/h) | 14.1 | 17.9 | +27% |
| Bus journeys, daily | 95,000 | 118,000 | +24% |
| Roadside NO₂, annual mean (µg/m³) | 41 | 33 | −20% |
| Retail footfall index | 100 | 103 | +3% |

The traffic and air-quality effects were expected, though their size was at the upper end of
the modelling done beforehand. The footfall figure is the one that matters politically. The
most persistent objection before the charge was that it would empty the centre of shoppers.
It did not.

## What the numbers do not show

I would treat these results with some caution, for three reasons.

First, the comparison is before-and-after, not against a counterfactual. Traffic in
comparable cities without a charge also fell over the period, partly because working
patterns changed.[^2] A careful estimate would attribute perhaps two-thirds of the fall in
entries to the charge itself.

Second, averages hide who bears the cost. The drivers who still enter the zone are
disproportionately tradespeople and small delivery firms, for whom the charge is a real cost
of doing business. Residents of outer districts with poor bus links have also paid more,
either in fees or in time.

Third, *displacement*. Some traffic has moved to the ring road and to residential streets
just outside the boundary, where air quality has improved less or, on a few streets, got
worse.[^3]

## The political lesson

> The best argument for congestion pricing turned out not to be any forecast, but the
> experience of living with it.

Support for the scheme in the city's annual survey was below 40% in the month it started. It
is now above 55%. The same pattern, hostility before and acceptance after, has appeared in
several cities that have tried charging, and it suggests that the hardest part of the policy
is the first six months.[^4] A city considering a charge might reasonably invest more in a
trial period with a promised referendum than in ever more detailed modelling.

## What I would change

If I were designing the scheme again, I would:

- vary the charge by time of day instead of using a flat fee, which does little to spread
  the peak;
- spend a visible share of the revenue in the outer districts that bear the most cost, not
  only on central bus routes;
- publish the monitoring data openly, so that critics and supporters argue from the same
  numbers.

Congestion pricing is not a cure for everything that ails a city centre. But three years of
evidence suggest that it does roughly what economists said it would, at a smaller social
cost than its opponents feared. That is as much as one can ask of most policies.

## Sources

[^1]: City Transport Authority, *Central Charging Zone: Third Annual Monitoring Report*
    (2024). <https://example.org/cta/monitoring-year-3>
[^2]: B. Nakamura and E. Rossi, "Post-Pandemic Traffic Trends in European Cities,"
    *Transport Policy Letters* 8 (2023). <https://example.org/tpl/traffic-trends>
[^3]: Clean Air Partnership, *Boundary Effects of Urban Road Charging* (2023).
    <https://example.com/cap/boundary-effects>
[^4]: S. Engström, *Why Road Pricing Becomes Popular* (Example University Press, 2020).
    <https://example.org/books/road-pricing-popular>
""",
        "comments": [
            {
                "key": "c1",
                "name": "Mike Trevino",
                "website": "",
                "body": (
                    "Easy to call the social cost small when you are not the one paying it. I "
                    "am a plumber and half my jobs are inside the zone. That is the charge "
                    "every working day, and I cannot exactly bring a boiler on the bus."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 30,
            },
            {
                "key": "c2",
                "name": "",
                "website": "",
                "body": (
                    "You are right, and I tried to say so in the section on who bears the cost: "
                    "tradespeople carry more of it than anyone. I think the scheme should have "
                    "a cheaper rate or a monthly cap for small firms whose vans are their "
                    "tools. Would something like that have made a difference for you?"
                ),
                "reply_to": "c1",
                "by_author": True,
                "minutes_after": 180,
            },
            {
                "key": "c3",
                "name": "Mike Trevino",
                "website": "",
                "body": (
                    "A monthly cap would help, yes. What annoys me more is that nobody asked. "
                    "The consultation was all about cyclists and shoppers."
                ),
                "reply_to": "c2",
                "by_author": False,
                "minutes_after": 260,
            },
            {
                "key": "c4",
                "name": "",
                "website": "",
                "body": (
                    "Who was surveyed for the support figures? If it is residents of the city "
                    "proper, then the people commuting in from outside, who pay the most, are "
                    "not counted at all."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 900,
            },
            {
                "key": "c5",
                "name": "Ana Paula Costa",
                "website": "https://example.com/anapaula-costa",
                "body": (
                    "Transport planner here. Time-of-day pricing is the right direction, but be "
                    "careful what you wish for. Cities that tried very fine-grained schedules "
                    "found that drivers simply could not keep track, and compliance fell.\n\n"
                    "Two or three bands, announced well in advance and changed rarely, seem to "
                    "work better than anything cleverer."
                ),
                "reply_to": None,
                "by_author": False,
                "minutes_after": 2200,
            },
            {
                "key": "c6",
                "name": "",
                "website": "",
                "body": (
                    "Agreed. People need to be able to remember the price without opening an "
                    "app."
                ),
                "reply_to": "c5",
                "by_author": False,
                "minutes_after": 2500,
            },
            {
                "key": "c7",
                "name": "",
                "website": "",
                "body": (
                    "A correction: an earlier version of the table gave daily bus journeys in "
                    "year three as 128,000. The correct figure, from the monitoring report, is "
                    "118,000, and the percentage change has been updated. Thanks to the reader "
                    "who wrote in."
                ),
                "reply_to": None,
                "by_author": True,
                "minutes_after": 4000,
            },
        ],
    },
]
