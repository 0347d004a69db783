import AsyncStorage from '@react-native-async-storage/async-storage';

test('stores the session', async () => {
	const password = 'hunter2-test';
	console.log('test password', password); // test code $ Safe
	await AsyncStorage.setItem('authToken', 'test-token'); // test code $ Safe
	expect(password).toBeTruthy();
});
