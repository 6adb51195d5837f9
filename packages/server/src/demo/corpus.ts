/**
 * The text the demo's character-level language model trains on, bundled so `runlens demo` needs no download.
 *
 * Every passage comes from a work first published before 1928 and therefore in the public domain in the United
 * States (and, for these long-dead authors, in most of the world): the opening chapters of Jane Austen's "Pride and
 * Prejudice" (1813), Lewis Carroll's "Alice's Adventures in Wonderland" (1865) and Charles Dickens's "A Tale of Two
 * Cities" (1859); the opening of Herman Melville's "Moby-Dick" (1851), of Mary Shelley's "Frankenstein" (1818) and
 * of Arthur Conan Doyle's "A Scandal in Bohemia" (1891); Abraham Lincoln's Gettysburg Address (1863); the opening of
 * the Declaration of Independence (1776); and the first chapter of Genesis in the King James Version (1611).
 * Typed from memory, so small departures from the printed editions are possible; they do not matter here.
 *
 * The chapter numbers, dates and verse numbers are kept on purpose: they give the model digits and punctuation
 * to learn, so that in the embedding view digits, punctuation, vowels and consonants can drift into clusters.
 * Line breaks inside paragraphs are only source formatting; `normaliseText` in char-data.ts collapses them.
 */
export const DEMO_CORPUS = `
Pride and Prejudice, by Jane Austen (1813). Chapter 1.

It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a
wife.

However little known the feelings or views of such a man may be on his first entering a neighbourhood, this truth
is so well fixed in the minds of the surrounding families, that he is considered as the rightful property of some
one or other of their daughters.

"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let at last?"

Mr. Bennet replied that he had not.

"But it is," returned she; "for Mrs. Long has just been here, and she told me all about it."

Mr. Bennet made no answer.

"Do not you want to know who has taken it?" cried his wife impatiently.

"You want to tell me, and I have no objection to hearing it."

This was invitation enough.

"Why, my dear, you must know, Mrs. Long says that Netherfield is taken by a young man of large fortune from the
north of England; that he came down on Monday in a chaise and four to see the place, and was so much delighted
with it that he agreed with Mr. Morris immediately; that he is to take possession before Michaelmas, and some of
his servants are to be in the house by the end of next week."

"What is his name?"

"Bingley."

"Is he married or single?"

"Oh! single, my dear, to be sure! A single man of large fortune; four or five thousand a year. What a fine thing
for our girls!"

"How so? how can it affect them?"

"My dear Mr. Bennet," replied his wife, "how can you be so tiresome! You must know that I am thinking of his
marrying one of them."

"Is that his design in settling here?"

"Design! nonsense, how can you talk so! But it is very likely that he may fall in love with one of them, and
therefore you must visit him as soon as he comes."

"I see no occasion for that. You and the girls may go, or you may send them by themselves, which perhaps will be
still better, for as you are as handsome as any of them, Mr. Bingley might like you the best of the party."

"My dear, you flatter me. I certainly have had my share of beauty, but I do not pretend to be any thing
extraordinary now. When a woman has five grown up daughters, she ought to give over thinking of her own beauty."

"In such cases, a woman has not often much beauty to think of."

"But, my dear, you must indeed go and see Mr. Bingley when he comes into the neighbourhood."

"It is more than I engage for, I assure you."

"But consider your daughters. Only think what an establishment it would be for one of them. Sir William and Lady
Lucas are determined to go, merely on that account, for in general you know they visit no new comers. Indeed you
must go, for it will be impossible for us to visit him, if you do not."

"You are over scrupulous surely. I dare say Mr. Bingley will be very glad to see you; and I will send a few lines
by you to assure him of my hearty consent to his marrying which ever he chuses of the girls; though I must throw
in a good word for my little Lizzy."

"I desire you will do no such thing. Lizzy is not a bit better than the others; and I am sure she is not half so
handsome as Jane, nor half so good humoured as Lydia. But you are always giving her the preference."

"They have none of them much to recommend them," replied he; "they are all silly and ignorant like other girls;
but Lizzy has something more of quickness than her sisters."

"Mr. Bennet, how can you abuse your own children in such a way? You take delight in vexing me. You have no
compassion on my poor nerves."

"You mistake me, my dear. I have a high respect for your nerves. They are my old friends. I have heard you mention
them with consideration these twenty years at least."

"Ah! you do not know what I suffer."

"But I hope you will get over it, and live to see many young men of four thousand a year come into the
neighbourhood."

"It will be no use to us if twenty such should come, since you will not visit them."

"Depend upon it, my dear, that when there are twenty, I will visit them all."

Mr. Bennet was so odd a mixture of quick parts, sarcastic humour, reserve, and caprice, that the experience of
three and twenty years had been insufficient to make his wife understand his character. Her mind was less
difficult to develope. She was a woman of mean understanding, little information, and uncertain temper. When she
was discontented she fancied herself nervous. The business of her life was to get her daughters married; its
solace was visiting and news.

Chapter 2.

Mr. Bennet was among the earliest of those who waited on Mr. Bingley. He had always intended to visit him, though
to the last always assuring his wife that he should not go; and till the evening after the visit was paid, she had
no knowledge of it. It was then disclosed in the following manner. Observing his second daughter employed in
trimming a hat, he suddenly addressed her with,

"I hope Mr. Bingley will like it, Lizzy."

"We are not in a way to know what Mr. Bingley likes," said her mother resentfully, "since we are not to visit."

"But you forget, mama," said Elizabeth, "that we shall meet him at the assemblies, and that Mrs. Long has
promised to introduce him."

"I do not believe Mrs. Long will do any such thing. She has two nieces of her own. She is a selfish, hypocritical
woman, and I have no opinion of her."

"No more have I," said Mr. Bennet; "and I am glad to find that you do not depend on her serving you."

Mrs. Bennet deigned not to make any reply; but unable to contain herself, began scolding one of her daughters.

"Don't keep coughing so, Kitty, for heaven's sake! Have a little compassion on my nerves. You tear them to
pieces."

"Kitty has no discretion in her coughs," said her father; "she times them ill."

"I do not cough for my own amusement," replied Kitty fretfully. "When is your next ball to be, Lizzy?"

"To-morrow fortnight."

"Aye, so it is," cried her mother, "and Mrs. Long does not come back till the day before; so, it will be
impossible for her to introduce him, for she will not know him herself."

Alice's Adventures in Wonderland, by Lewis Carroll (1865). Chapter I. Down the Rabbit-Hole.

Alice was beginning to get very tired of sitting by her sister on the bank, and of having nothing to do: once or
twice she had peeped into the book her sister was reading, but it had no pictures or conversations in it, "and
what is the use of a book," thought Alice "without pictures or conversations?"

So she was considering in her own mind (as well as she could, for the hot day made her feel very sleepy and
stupid), whether the pleasure of making a daisy-chain would be worth the trouble of getting up and picking the
daisies, when suddenly a White Rabbit with pink eyes ran close by her.

There was nothing so very remarkable in that; nor did Alice think it so very much out of the way to hear the
Rabbit say to itself, "Oh dear! Oh dear! I shall be late!" (when she thought it over afterwards, it occurred to
her that she ought to have wondered at this, but at the time it all seemed quite natural); but when the Rabbit
actually took a watch out of its waistcoat-pocket, and looked at it, and then hurried on, Alice started to her
feet, for it flashed across her mind that she had never before seen a rabbit with either a waistcoat-pocket, or a
watch to take out of it, and burning with curiosity, she ran across the field after it, and fortunately was just
in time to see it pop down a large rabbit-hole under the hedge.

In another moment down went Alice after it, never once considering how in the world she was to get out again.

The rabbit-hole went straight on like a tunnel for some way, and then dipped suddenly down, so suddenly that Alice
had not a moment to think about stopping herself before she found herself falling down a very deep well.

Either the well was very deep, or she fell very slowly, for she had plenty of time as she went down to look about
her and to wonder what was going to happen next. First, she tried to look down and make out what she was coming
to, but it was too dark to see anything; then she looked at the sides of the well, and noticed that they were
filled with cupboards and book-shelves; here and there she saw maps and pictures hung upon pegs. She took down a
jar from one of the shelves as she passed; it was labelled "ORANGE MARMALADE", but to her great disappointment it
was empty: she did not like to drop the jar for fear of killing somebody underneath, so managed to put it into
one of the cupboards as she fell past it.

"Well!" thought Alice to herself, "after such a fall as this, I shall think nothing of tumbling down stairs! How
brave they'll all think me at home! Why, I wouldn't say anything about it, even if I fell off the top of the
house!" (Which was very likely true.)

Down, down, down. Would the fall never come to an end? "I wonder how many miles I've fallen by this time?" she
said aloud. "I must be getting somewhere near the centre of the earth. Let me see: that would be four thousand
miles down, I think--" (for, you see, Alice had learnt several things of this sort in her lessons in the
schoolroom, and though this was not a very good opportunity for showing off her knowledge, as there was no one to
listen to her, still it was good practice to say it over) "--yes, that's about the right distance--but then I
wonder what Latitude or Longitude I've got to?" (Alice had no idea what Latitude was, or Longitude either, but
thought they were nice grand words to say.)

Presently she began again. "I wonder if I shall fall right through the earth! How funny it'll seem to come out
among the people that walk with their heads downward! The Antipathies, I think--" (she was rather glad there was
no one listening, this time, as it didn't sound at all the right word) "--but I shall have to ask them what the
name of the country is, you know. Please, Ma'am, is this New Zealand or Australia?" (and she tried to curtsey as
she spoke--fancy curtseying as you're falling through the air! Do you think you could manage it?) "And what an
ignorant little girl she'll think me for asking! No, it'll never do to ask: perhaps I shall see it written up
somewhere."

Down, down, down. There was nothing else to do, so Alice soon began talking again. "Dinah'll miss me very much
to-night, I should think!" (Dinah was the cat.) "I hope they'll remember her saucer of milk at tea-time. Dinah my
dear! I wish you were down here with me! There are no mice in the air, I'm afraid, but you might catch a bat, and
that's very like a mouse, you know. But do cats eat bats, I wonder?" And here Alice began to get rather sleepy,
and went on saying to herself, in a dreamy sort of way, "Do cats eat bats? Do cats eat bats?" and sometimes, "Do
bats eat cats?" for, you see, as she couldn't answer either question, it didn't much matter which way she put it.
She felt that she was dozing off, and had just begun to dream that she was walking hand in hand with Dinah, and
saying to her very earnestly, "Now, Dinah, tell me the truth: did you ever eat a bat?" when suddenly, thump!
thump! down she came upon a heap of sticks and dry leaves, and the fall was over.

Alice was not a bit hurt, and she jumped up on to her feet in a moment: she looked up, but it was all dark
overhead; before her was another long passage, and the White Rabbit was still in sight, hurrying down it. There
was not a moment to be lost: away went Alice like the wind, and was just in time to hear it say, as it turned a
corner, "Oh my ears and whiskers, how late it's getting!" She was close behind it when she turned the corner, but
the Rabbit was no longer to be seen: she found herself in a long, low hall, which was lit up by a row of lamps
hanging from the roof.

There were doors all round the hall, but they were all locked; and when Alice had been all the way down one side
and up the other, trying every door, she walked sadly down the middle, wondering how she was ever to get out
again.

Suddenly she came upon a little three-legged table, all made of solid glass; there was nothing on it except a
tiny golden key, and Alice's first thought was that it might belong to one of the doors of the hall; but, alas!
either the locks were too large, or the key was too small, but at any rate it would not open any of them.
However, on the second time round, she came upon a low curtain she had not noticed before, and behind it was a
little door about fifteen inches high: she tried the little golden key in the lock, and to her great delight it
fitted!

Alice opened the door and found that it led into a small passage, not much larger than a rat-hole: she knelt
down and looked along the passage into the loveliest garden you ever saw. How she longed to get out of that dark
hall, and wander about among those beds of bright flowers and those cool fountains, but she could not even get
her head through the doorway; "and even if my head would go through," thought poor Alice, "it would be of very
little use without my shoulders. Oh, how I wish I could shut up like a telescope! I think I could, if I only knew
how to begin." For, you see, so many out-of-the-way things had happened lately, that Alice had begun to think
that very few things indeed were really impossible.

There seemed to be no use in waiting by the little door, so she went back to the table, half hoping she might
find another key on it, or at any rate a book of rules for shutting people up like telescopes: this time she
found a little bottle on it, ("which certainly was not here before," said Alice,) and round the neck of the
bottle was a paper label, with the words "DRINK ME" beautifully printed on it in large letters.

It was all very well to say "Drink me," but the wise little Alice was not going to do that in a hurry. "No, I'll
look first," she said, "and see whether it's marked 'poison' or not"; for she had read several nice little
histories about children who had got burnt, and eaten up by wild beasts and other unpleasant things, all because
they would not remember the simple rules their friends had taught them: such as, that a red-hot poker will burn
you if you hold it too long; and that if you cut your finger very deeply with a knife, it usually bleeds; and she
had never forgotten that, if you drink much from a bottle marked "poison," it is almost certain to disagree with
you, sooner or later.

However, this bottle was not marked "poison," so Alice ventured to taste it, and finding it very nice, (it had,
in fact, a sort of mixed flavour of cherry-tart, custard, pine-apple, roast turkey, toffee, and hot buttered
toast,) she very soon finished it off.

"What a curious feeling!" said Alice; "I must be shutting up like a telescope."

And so it was indeed: she was now only ten inches high, and her face brightened up at the thought that she was
now the right size for going through the little door into that lovely garden.

A Tale of Two Cities, by Charles Dickens (1859). Book the First: Recalled to Life. Chapter I. The Period.

It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it
was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of
Darkness, it was the spring of hope, it was the winter of despair, we had everything before us, we had nothing
before us, we were all going direct to Heaven, we were all going direct the other way--in short, the period was
so far like the present period, that some of its noisiest authorities insisted on its being received, for good
or for evil, in the superlative degree of comparison only.

There were a king with a large jaw and a queen with a plain face, on the throne of England; there were a king
with a large jaw and a queen with a fair face, on the throne of France. In both countries it was clearer than
crystal to the lords of the State preserves of loaves and fishes, that things in general were settled for ever.

It was the year of Our Lord one thousand seven hundred and seventy-five. Spiritual revelations were conceded to
England at that favoured period, as at this. Mrs. Southcott had recently attained her five-and-twentieth blessed
birthday, of whom a prophetic private in the Life Guards had heralded the sublime appearance by announcing that
arrangements were made for the swallowing up of London and Westminster. Even the Cock-lane ghost had been laid
only a round dozen of years, after rapping out its messages, as the spirits of this very year last past
(supernaturally deficient in originality) rapped out theirs. Mere messages in the earthly order of events had
lately come to the English Crown and People, from a congress of British subjects in America: which, strange to
relate, have proved more important to the human race than any communications yet received through any of the
chickens of the Cock-lane brood.

France, less favoured on the whole as to matters spiritual than her sister of the shield and trident, rolled with
exceeding smoothness down hill, making paper money and spending it. Under the guidance of her Christian pastors,
she entertained herself, besides, with such humane achievements as sentencing a youth to have his hands cut off,
his tongue torn out with pincers, and his body burned alive, because he had not kneeled down in the rain to do
honour to a dirty procession of monks which passed within his view, at a distance of some fifty or sixty yards.
It is likely enough that, rooted in the woods of France and Norway, there were growing trees, when that sufferer
was put to death, already marked by the Woodman, Fate, to come down and be sawn into boards, to make a certain
movable framework with a sack and a knife in it, terrible in history. It is likely enough that in the rough
outhouses of some tillers of the heavy lands adjacent to Paris, there were sheltered from the weather that very
day, rude carts, bespattered with rustic mire, snuffed about by pigs, and roosted in by poultry, which the
Farmer, Death, had already set apart to be his tumbrils of the Revolution. But that Woodman and that Farmer,
though they work unceasingly, work silently, and no one heard them as they went about with muffled tread: the
rather, forasmuch as to entertain any suspicion that they were awake, was to be atheistical and traitorous.

In England, there was scarcely an amount of order and protection to justify much national boasting. Daring
burglaries by armed men, and highway robberies, took place in the capital itself every night; families were
publicly cautioned not to go out of town without removing their furniture to upholsterers' warehouses for
security; the highwayman in the dark was a City tradesman in the light, and, being recognised and challenged by
his fellow-tradesman whom he stopped in his character of "the Captain," gallantly shot him through the head and
rode away; the mail was waylaid by seven robbers, and the guard shot three dead, and then got shot dead himself
by the other four, "in consequence of the failure of his ammunition:" after which the mail was robbed in peace;
that magnificent potentate, the Lord Mayor of London, was made to stand and deliver on Turnham Green, by one
highwayman, who despoiled the illustrious creature in sight of all his retinue; prisoners in London gaols fought
battles with their turnkeys, and the majesty of the law fired blunderbusses in among them, loaded with rounds of
shot and ball; thieves snipped off diamond crosses from the necks of noble lords at Court drawing-rooms;
musketeers went into St. Giles's, to search for contraband goods, and the mob fired on the musketeers, and the
musketeers fired on the mob, and nobody thought any of these occurrences much out of the common way.

All these things, and a thousand like them, came to pass in and close upon the dear old year one thousand seven
hundred and seventy-five. Environed by them, while the Woodman and the Farmer worked unheeded, those two of the
large jaws, and those other two of the plain and the fair faces, trod with stir enough, and carried their divine
rights with a high hand. Thus did the year one thousand seven hundred and seventy-five conduct their Greatnesses,
and myriads of small creatures--the creatures of this chronicle among the rest--along the roads that lay before
them.

Chapter II. The Mail.

It was the Dover road that lay, on a Friday night late in November, before the first of the persons with whom
this history has business. The Dover road lay, as to him, beyond the Dover mail, as it lumbered up Shooter's
Hill. He walked up hill in the mire by the side of the mail, as the rest of the passengers did; not because they
had the least relish for walking exercise, under the circumstances, but because the hill, and the harness, and
the mud, and the mail, were all so heavy, that the horses had three times already come to a stop.

Moby-Dick; or, The Whale, by Herman Melville (1851). Chapter 1. Loomings.

Call me Ishmael. Some years ago--never mind how long precisely--having little or no money in my purse, and nothing
particular to interest me on shore, I thought I would sail about a little and see the watery part of the world.
It is a way I have of driving off the spleen and regulating the circulation. Whenever I find myself growing grim
about the mouth; whenever it is a damp, drizzly November in my soul; whenever I find myself involuntarily pausing
before coffin warehouses, and bringing up the rear of every funeral I meet; and especially whenever my hypos get
such an upper hand of me, that it requires a strong moral principle to prevent me from deliberately stepping into
the street, and methodically knocking people's hats off--then, I account it high time to get to sea as soon as I
can. This is my substitute for pistol and ball. With a philosophical flourish Cato throws himself upon his sword;
I quietly take to the ship. There is nothing surprising in this. If they but knew it, almost all men in their
degree, some time or other, cherish very nearly the same feelings towards the ocean with me.

There now is your insular city of the Manhattoes, belted round by wharves as Indian isles by coral reefs--commerce
surrounds it with her surf. Right and left, the streets take you waterward. Its extreme downtown is the battery,
where that noble mole is washed by waves, and cooled by breezes, which a few hours previous were out of sight of
land. Look at the crowds of water-gazers there.

Frankenstein; or, The Modern Prometheus, by Mary Shelley (1818). Letter 1.

To Mrs. Saville, England.

St. Petersburgh, Dec. 11th, 17--.

You will rejoice to hear that no disaster has accompanied the commencement of an enterprise which you have
regarded with such evil forebodings. I arrived here yesterday, and my first task is to assure my dear sister of
my welfare and increasing confidence in the success of my undertaking.

I am already far north of London, and as I walk in the streets of Petersburgh, I feel a cold northern breeze play
upon my cheeks, which braces my nerves and fills me with delight. Do you understand this feeling? This breeze,
which has travelled from the regions towards which I am advancing, gives me a foretaste of those icy climes.
Inspirited by this wind of promise, my daydreams become more fervent and vivid. I try in vain to be persuaded
that the pole is the seat of frost and desolation; it ever presents itself to my imagination as the region of
beauty and delight.

A Scandal in Bohemia, by Arthur Conan Doyle (1891). Chapter I.

To Sherlock Holmes she is always THE woman. I have seldom heard him mention her under any other name. In his eyes
she eclipses and predominates the whole of her sex. It was not that he felt any emotion akin to love for Irene
Adler. All emotions, and that one particularly, were abhorrent to his cold, precise but admirably balanced mind.
He was, I take it, the most perfect reasoning and observing machine that the world has seen, but as a lover he
would have placed himself in a false position. He never spoke of the softer passions, save with a gibe and a
sneer. And yet there was but one woman to him, and that woman was the late Irene Adler, of dubious and
questionable memory.

I had seen little of Holmes lately. My marriage had drifted us away from each other. My own complete happiness,
and the home-centred interests which rise up around the man who first finds himself master of his own
establishment, were sufficient to absorb all my attention, while Holmes, who loathed every form of society with
his whole Bohemian soul, remained in our lodgings in Baker Street, buried among his old books, and alternating
from week to week between cocaine and ambition.

One night--it was on the twentieth of March, 1888--I was returning from a journey to a patient (for I had now
returned to civil practice), when my way led me through Baker Street. As I passed the well-remembered door, I was
seized with a keen desire to see Holmes again, and to know how he was employing his extraordinary powers. His
rooms were brilliantly lit, and, even as I looked up, I saw his tall, spare figure pass twice in a dark
silhouette against the blind.

"Wedlock suits you," he remarked. "I think, Watson, that you have put on seven and a half pounds since I saw
you."

"Seven!" I answered.

"Indeed, I should have thought a little more. Just a trifle more, I fancy, Watson. And in practice again, I
observe. You did not tell me that you intended to go into harness."

"You see, but you do not observe. The distinction is clear. For example, you have frequently seen the steps which
lead up from the hall to this room."

"Frequently."

"How often?"

"Well, some hundreds of times."

"Then how many are there?"

"How many? I don't know."

"Quite so! You have not observed. And yet you have seen. That is just my point. Now, I know that there are
seventeen steps, because I have both seen and observed. By the way, since you are interested in these little
problems, you may be interested in this." He threw over a sheet of thick, pink-tinted notepaper which had been
lying open upon the table. "It came by the last post," said he. "Read it aloud."

The note was undated, and without either signature or address.

"There will call upon you to-night, at a quarter to eight o'clock," it said, "a gentleman who desires to consult
you upon a matter of the very deepest moment. Your recent services to one of the royal houses of Europe have
shown that you are one who may safely be trusted with matters which are of an importance which can hardly be
exaggerated. This account of you we have from all quarters received. Be in your chamber then at that hour, and do
not take it amiss if your visitor wear a mask."

The Gettysburg Address, by Abraham Lincoln. November 19, 1863.

Four score and seven years ago our fathers brought forth on this continent, a new nation, conceived in Liberty,
and dedicated to the proposition that all men are created equal.

Now we are engaged in a great civil war, testing whether that nation, or any nation so conceived and so
dedicated, can long endure. We are met on a great battle-field of that war. We have come to dedicate a portion of
that field, as a final resting place for those who here gave their lives that that nation might live. It is
altogether fitting and proper that we should do this.

But, in a larger sense, we can not dedicate--we can not consecrate--we can not hallow--this ground. The brave
men, living and dead, who struggled here, have consecrated it, far above our poor power to add or detract. The
world will little note, nor long remember what we say here, but it can never forget what they did here. It is for
us the living, rather, to be dedicated here to the unfinished work which they who fought here have thus far so
nobly advanced. It is rather for us to be here dedicated to the great task remaining before us--that from these
honored dead we take increased devotion to that cause for which they gave the last full measure of devotion--that
we here highly resolve that these dead shall not have died in vain--that this nation, under God, shall have a new
birth of freedom--and that government of the people, by the people, for the people, shall not perish from the
earth.

The Declaration of Independence. In Congress, July 4, 1776.

The unanimous Declaration of the thirteen united States of America. When in the Course of human events, it
becomes necessary for one people to dissolve the political bands which have connected them with another, and to
assume among the powers of the earth, the separate and equal station to which the Laws of Nature and of Nature's
God entitle them, a decent respect to the opinions of mankind requires that they should declare the causes which
impel them to the separation.

We hold these truths to be self-evident, that all men are created equal, that they are endowed by their Creator
with certain unalienable Rights, that among these are Life, Liberty and the pursuit of Happiness. That to secure
these rights, Governments are instituted among Men, deriving their just powers from the consent of the governed.
That whenever any Form of Government becomes destructive of these ends, it is the Right of the People to alter or
to abolish it, and to institute new Government, laying its foundation on such principles and organizing its
powers in such form, as to them shall seem most likely to effect their Safety and Happiness.

The First Book of Moses, called Genesis (King James Version, 1611). Chapter 1.

1:1 In the beginning God created the heaven and the earth.
1:2 And the earth was without form, and void; and darkness was upon the face of the deep. And the Spirit of God
moved upon the face of the waters.
1:3 And God said, Let there be light: and there was light.
1:4 And God saw the light, that it was good: and God divided the light from the darkness.
1:5 And God called the light Day, and the darkness he called Night. And the evening and the morning were the
first day.
1:6 And God said, Let there be a firmament in the midst of the waters, and let it divide the waters from the
waters.
1:7 And God made the firmament, and divided the waters which were under the firmament from the waters which were
above the firmament: and it was so.
1:8 And God called the firmament Heaven. And the evening and the morning were the second day.
1:9 And God said, Let the waters under the heaven be gathered together unto one place, and let the dry land
appear: and it was so.
1:10 And God called the dry land Earth; and the gathering together of the waters called he Seas: and God saw that
it was good.
1:11 And God said, Let the earth bring forth grass, the herb yielding seed, and the fruit tree yielding fruit
after his kind, whose seed is in itself, upon the earth: and it was so.
1:12 And the earth brought forth grass, and herb yielding seed after his kind, and the tree yielding fruit, whose
seed was in itself, after his kind: and God saw that it was good.
1:13 And the evening and the morning were the third day.
1:14 And God said, Let there be lights in the firmament of the heaven to divide the day from the night; and let
them be for signs, and for seasons, and for days, and years:
1:15 And let them be for lights in the firmament of the heaven to give light upon the earth: and it was so.
1:16 And God made two great lights; the greater light to rule the day, and the lesser light to rule the night: he
made the stars also.
1:17 And God set them in the firmament of the heaven to give light upon the earth,
1:18 And to rule over the day and over the night, and to divide the light from the darkness: and God saw that it
was good.
1:19 And the evening and the morning were the fourth day.
1:20 And God said, Let the waters bring forth abundantly the moving creature that hath life, and fowl that may fly
above the earth in the open firmament of heaven.
1:21 And God created great whales, and every living creature that moveth, which the waters brought forth
abundantly, after their kind, and every winged fowl after his kind: and God saw that it was good.
1:22 And God blessed them, saying, Be fruitful, and multiply, and fill the waters in the seas, and let fowl
multiply in the earth.
1:23 And the evening and the morning were the fifth day.
1:24 And God said, Let the earth bring forth the living creature after his kind, cattle, and creeping thing, and
beast of the earth after his kind: and it was so.
1:25 And God made the beast of the earth after his kind, and cattle after their kind, and every thing that
creepeth upon the earth after his kind: and God saw that it was good.
1:26 And God said, Let us make man in our image, after our likeness: and let them have dominion over the fish of
the sea, and over the fowl of the air, and over the cattle, and over all the earth, and over every creeping thing
that creepeth upon the earth.
1:27 So God created man in his own image, in the image of God created he him; male and female created he them.
1:28 And God blessed them, and God said unto them, Be fruitful, and multiply, and replenish the earth, and subdue
it: and have dominion over the fish of the sea, and over the fowl of the air, and over every living thing that
moveth upon the earth.
1:29 And God said, Behold, I have given you every herb bearing seed, which is upon the face of all the earth, and
every tree, in the which is the fruit of a tree yielding seed; to you it shall be for meat.
1:30 And to every beast of the earth, and to every fowl of the air, and to every thing that creepeth upon the
earth, wherein there is life, I have given every green herb for meat: and it was so.
1:31 And God saw every thing that he had made, and, behold, it was very good. And the evening and the morning were
the sixth day.
`;
