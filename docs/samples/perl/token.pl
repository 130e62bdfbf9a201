#!/usr/bin/perl
# Credentials for one user, made with Crypt::JWT; prints the JWE on stdout.
#
#   BRAND_PRIVATE_KEY_FILE=brand-keys/private.pem PLATFORM_KEY_FILE=platform-jwks.json \
#     perl token.pl user-42 '{"firstName":"Ada"}'
#
# BRAND_PRIVATE_KEY_FILE: your brand private key (PEM).
# PLATFORM_KEY_FILE: Parley's public key: the JWKS saved from /.well-known/jwks.json (its first key
# is the current one), one JWK, or a PEM public key.
# BRAND_KEY_ID (optional): the kid of your brand key, put in the JWS header.
# Debian: apt-get install libcrypt-jwt-perl; elsewhere: cpanm Crypt::JWT.
use strict;
use warnings;
use Crypt::JWT qw(encode_jwt);
use Crypt::PK::RSA;
use Crypt::PRNG qw(random_bytes_b64u);
use Encode qw(decode);
use JSON::PP;

my $ISSUER           = 'https://livechat.iadvize.com';    # one of the project's accepted issuers
my $LIFETIME_SECONDS = 60;                                # at most the project's max token lifetime

sub read_file {
    my ($path) = @_;
    open my $handle, '<:raw', $path or die "cannot read $path: $!\n";
    local $/;
    return scalar <$handle>;
}

# The key to encrypt for, and its kid when the file says it.
sub load_platform_key {
    my ($path) = @_;
    my $text = read_file($path);
    return (Crypt::PK::RSA->new(\$text), undef) unless $text =~ /\A\s*\{/;
    my $document = JSON::PP->new->decode($text);
    my $jwk      = $document->{keys} ? $document->{keys}[0] : $document;
    die "the JWKS has no key\n" unless $jwk;
    return (Crypt::PK::RSA->new($jwk), $jwk->{kid});
}

sub create_credentials {
    my (%args) = @_;
    my $now    = time;
    my %claims = (
        iss                          => $ISSUER,
        iat                          => $now,
        exp                          => $now + $LIFETIME_SECONDS,
        jti                          => random_bytes_b64u(16),    # random: credentials are single use
        'https://iadvize.com/userId' => $args{user_id},
    );
    $claims{'https://iadvize.com/visitorData'} = $args{visitor_data} if $args{visitor_data};
    my $signed = encode_jwt(
        payload       => JSON::PP->new->utf8->canonical->encode(\%claims),
        alg           => 'RS256',
        key           => $args{brand_key},
        extra_headers => { typ => 'JWT', $args{brand_kid} ? (kid => $args{brand_kid}) : () },
    );
    return encode_jwt(
        payload       => $signed,
        alg           => 'RSA-OAEP-256',
        enc           => 'A256GCM',
        key           => $args{platform_key},
        extra_headers => { cty => 'JWT', $args{platform_kid} ? (kid => $args{platform_kid}) : () },
    );
}

die "usage: token.pl USER_ID [VISITOR_DATA_JSON]\n" unless @ARGV;
my ($platform_key, $platform_kid) = load_platform_key($ENV{PLATFORM_KEY_FILE});
print create_credentials(
    user_id      => decode('UTF-8', $ARGV[0]),
    visitor_data => $ARGV[1] ? JSON::PP->new->utf8->decode($ARGV[1]) : undef,
    brand_key    => Crypt::PK::RSA->new(\read_file($ENV{BRAND_PRIVATE_KEY_FILE})),
    platform_key => $platform_key,
    platform_kid => $platform_kid,
    brand_kid    => $ENV{BRAND_KEY_ID},
), "\n";
