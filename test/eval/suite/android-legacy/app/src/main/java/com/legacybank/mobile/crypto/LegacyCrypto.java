package com.legacybank.mobile.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Card-data and PIN helpers from the 2016 code base. */
public final class LegacyCrypto {
    private static final byte[] STATIC_IV = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    private final String region;
    private final byte[] masterKey;

    public LegacyCrypto(String region) {
        this.region = region;
        this.masterKey = String.format("LB-%s-master-2016", region).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] encryptCard(byte[] pan) throws Exception {
        SecretKeySpec key = new SecretKeySpec("1234567890123456".getBytes(), "AES"); // $ Alert[static-iv-or-hardcoded-key]
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding"); // $ Note[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(STATIC_IV)); // $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(pan);
    }

    public byte[] encryptRegional(byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding"); // $ Safe
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(this.masterKey, "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce)); // a key formatted from a constant, through a field $ Alert[static-iv-or-hardcoded-key]
        return cipher.doFinal(data);
    }

    public byte[] encryptLegacyTransfer(byte[] data) throws Exception {
        Cipher cipher = Cipher.getInstance("DESede/CBC/PKCS5Padding"); // $ Alert[weak-cipher-or-mode]
        return cipher.getIV();
    }

    public byte[] encryptArchive(byte[] data, byte[] key) throws Exception {
        Cipher cipher = Cipher.getInstance("Blowfish"); // $ Alert[weak-cipher-or-mode]
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "Blowfish")); // $ Safe
        return cipher.doFinal(data);
    }

    public static String hashPin(String pin) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1"); // SHA-1, and its input is a PIN $ Alert[weak-hash]
        byte[] digest = sha1.digest(pin.getBytes(StandardCharsets.UTF_8)); // one fast pass over the PIN $ Alert[password-hash-fast]
        return toHex(digest);
    }

    /** CRAM-MD5 (RFC 2195): the mail protocol requires an HMAC-MD5 of the server's challenge. Nothing is stored. */
    public static byte[] cramMd5(byte[] password, byte[] challenge) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacMD5"); // required by the protocol $ Safe
        mac.init(new SecretKeySpec(password, "HmacMD5")); // the password is the HMAC key, as the RFC says $ Safe
        return mac.doFinal(challenge);
    }

    public static byte[] deriveKey(char[] password, byte[] salt) throws Exception {
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        PBEKeySpec spec = new PBEKeySpec(password, salt, 1000, 256); // $ Alert[kdf-weak-parameters]
        return f.generateSecret(spec).getEncoded();
    }

    public static byte[] deriveKeyStrong(char[] password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        PBEKeySpec spec = new PBEKeySpec(password, salt, 650000, 256); // $ Safe
        return f.generateSecret(spec).getEncoded();
    }

    public static String oneTimeCode() {
        int code = new Random().nextInt(900000) + 100000; // $ Alert[insecure-random-for-secrets]
        return Integer.toString(code);
    }

    public static String transferNonce() {
        double r = Math.random(); // becomes the nonce two lines below $ Alert[insecure-random-for-secrets]
        String nonce = Long.toString((long) (r * 1e12), 36);
        return nonce;
    }

    public static int animationOffset() {
        return new Random().nextInt(20) - 10; // $ Safe
    }

    private static String toHex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) sb.append(String.format("%02x", b));
        return sb.toString();
    }
}
